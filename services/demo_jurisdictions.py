"""Demo data: Chongqing Municipality and the two jurisdictions of the source project's one-stop
centres (ADB working paper No. 33, Box 4), Dianjiang County and Changshou District. Telephone
numbers and addresses are made up for the demonstration."""

WEEKDAY_HOURS_ZH = "周一至周五 9:00–12:00，14:00–17:30（法定节假日除外）"
WEEKDAY_HOURS_EN = "Monday to Friday, 9:00–12:00 and 14:00–17:30 (closed on public holidays)"

# code, level, parent, Chinese name, English name
JURISDICTIONS = [
    ("500000", "municipality", None, "重庆市", "Chongqing Municipality"),
    ("500231", "district", "500000", "垫江县", "Dianjiang County"),
    ("500115", "district", "500000", "长寿区", "Changshou District"),
]
MUNICIPALITY, DIANJIANG, CHANGSHOU = "500000", "500231", "500115"

# The municipal bureau that owns the municipal programmes (the Box 3 trainings and the
# start-up finance): every district's HRSS bureau delivers them.
MUNICIPAL_DEPARTMENTS = [
    {
        "jurisdiction": MUNICIPALITY,
        "code": "hrss",
        "kind": "hrss",
        "name_zh": "重庆市人力资源和社会保障局",
        "name_en": "Chongqing Municipal Human Resources and Social Security Bureau",
        "summary_zh": "制定全市就业创业政策：创业培训、职业技能培训、创业担保贷款及贴息；"
        "由各区县人力社保局受理和办理。",
        "summary_en": "Sets the municipality's employment and start-up policies (start-up and "
        "vocational training, start-up guarantee loans and their interest subsidy); each "
        "district's or county's HRSS bureau takes and handles the applications.",
        "phone": "023-8888 0001",
        "address_zh": "重庆市渝北区人力社保大厦",
        "address_en": "Human Resources Building, Yubei District, Chongqing",
    },
]

_CHANGSHOU = [
    ("hrss", "hrss", "长寿区人力资源和社会保障局",
     "Changshou District Human Resources and Social Security Bureau",
     "就业指导、职业技能培训、创业培训、创业担保贷款及贴息。",
     "Employment guidance; vocational and start-up training; start-up guarantee loans and "
     "interest subsidies."),
    ("market", "market", "长寿区市场监督管理局",
     "Changshou District Market Supervision and Administration Bureau",
     "企业注册登记指导、小微企业扶持。",
     "Guidance on registering a business; support for small and micro enterprises."),
    ("scitech", "scitech", "长寿区科学技术局", "Changshou District Science and Technology Bureau",
     "科技型企业扶持。", "Support for science and technology enterprises."),
    ("agri", "agri", "长寿区农业农村委员会",
     "Changshou District Agriculture and Rural Affairs Commission",
     "农业创业项目扶持、农业技术指导。",
     "Support for agricultural entrepreneurship; farming technique guidance."),
    ("tax", "tax", "国家税务总局重庆市长寿区税务局", "Changshou District Taxation Bureau",
     "创业税收减免、纳税申报指导。",
     "Tax reduction and exemption for new businesses; guidance on filing taxes."),
    ("civil", "civil", "长寿区民政局", "Changshou District Civil Affairs Bureau",
     "务工人员子女托育、留守儿童关爱服务。",
     "Daycare for workers' children; support for left-behind children."),
    ("women", "women", "长寿区妇女联合会", "Changshou District Women's Federation",
     "女性创业者协会、妇女创业就业帮扶。",
     "Female entrepreneurs' association; help for women starting a business or finding work."),
    ("drc", "drc", "长寿区发展和改革委员会", "Changshou District Development and Reform Commission",
     "区域发展规划、乡村振兴项目。", "District development plans; rural revitalisation projects."),
]  # fmt: skip

CHANGSHOU_DEPARTMENTS = [
    {
        "jurisdiction": CHANGSHOU,
        "code": code,
        "kind": kind,
        "name_zh": name_zh,
        "name_en": name_en,
        "summary_zh": summary_zh,
        "summary_en": summary_en,
        "phone": f"023-4025 {number:04d}",
        "address_zh": f"重庆市长寿区凤城街道行政服务中心{number}号窗口",
        "address_en": f"Window {number}, Administrative Service Centre, Fengcheng Subdistrict, "
        "Changshou District",
        "office_hours_zh": WEEKDAY_HOURS_ZH,
        "office_hours_en": WEEKDAY_HOURS_EN,
    }
    for number, (code, kind, name_zh, name_en, summary_zh, summary_en) in enumerate(_CHANGSHOU, 1)
]

"""Demo data from the ADB working paper on returning migrants in Chongqing (see DOMAIN.md).

Telephone numbers and addresses are made up for the demonstration.
"""

WEEKDAY_HOURS_ZH = "周一至周五 9:00–12:00，14:00–17:30（法定节假日除外）"
WEEKDAY_HOURS_EN = "Monday to Friday, 9:00–12:00 and 14:00–17:30 (closed on public holidays)"

DEPARTMENTS = [
    {
        "code": "hrss",
        "name_zh": "垫江县人力资源和社会保障局",
        "name_en": "Dianjiang County Human Resources and Social Security Bureau",
        "summary_zh": "就业指导、职业技能培训、创业培训（GYB、SYB、IYB、网络创业、微型企业）、"
        "创业担保贷款及贴息、重点群体一次性创业补贴。",
        "summary_en": "Employment guidance; vocational skills training; start-up training (GYB, "
        "SYB, IYB, online, micro-enterprise); start-up guarantee loans and interest subsidies; "
        "one-time start-up subsidy for key groups.",
        "phone": "023-7468 0001",
        "address_zh": "垫江县桂溪街道人社大楼一楼",
        "address_en": "1/F, Human Resources Building, Guixi Subdistrict, Dianjiang County",
    },
    {
        "code": "market",
        "name_zh": "垫江县市场监督管理局",
        "name_en": "Dianjiang County Market Supervision and Administration Bureau",
        "summary_zh": "小微企业补贴、企业注册登记指导、减免注册费用。",
        "summary_en": "Subsidies for small and micro enterprises; guidance on registering a "
        "business; reduced registration fees.",
        "phone": "023-7468 0002",
        "address_zh": "垫江县桂阳街道政务服务中心二楼",
        "address_en": "2/F, Government Service Centre, Guiyang Subdistrict, Dianjiang County",
    },
    {
        "code": "scitech",
        "name_zh": "垫江县科学技术局",
        "name_en": "Dianjiang County Science and Technology Bureau",
        "summary_zh": "科技型企业扶持、海外高层次人才引进激励。",
        "summary_en": "Support for science and technology enterprises; incentives for talent "
        "returning from abroad.",
        "phone": "023-7468 0003",
        "address_zh": "垫江县桂溪街道科技大厦三楼",
        "address_en": "3/F, Science Building, Guixi Subdistrict, Dianjiang County",
    },
    {
        "code": "agri",
        "name_zh": "垫江县农业农村委员会",
        "name_en": "Dianjiang County Agriculture and Rural Affairs Commission",
        "summary_zh": "农业创业项目扶持、农业技术指导。",
        "summary_en": "Support for agricultural entrepreneurship projects; farming technique "
        "guidance.",
        "phone": "023-7468 0004",
        "address_zh": "垫江县桂阳街道农业大楼",
        "address_en": "Agriculture Building, Guiyang Subdistrict, Dianjiang County",
    },
    {
        "code": "tax",
        "name_zh": "国家税务总局垫江县税务局",
        "name_en": "Dianjiang County Taxation Bureau",
        "summary_zh": "创业税收减免、纳税申报指导。",
        "summary_en": "Tax reduction and exemption for new businesses; guidance on filing taxes.",
        "phone": "023-7468 0005",
        "address_zh": "垫江县桂溪街道税务服务厅",
        "address_en": "Tax Service Hall, Guixi Subdistrict, Dianjiang County",
    },
    {
        "code": "civil",
        "name_zh": "垫江县民政局",
        "name_en": "Dianjiang County Civil Affairs Bureau",
        "summary_zh": "务工人员子女托育、留守儿童和家庭关爱服务。",
        "summary_en": "Daycare for workers' children; support for left-behind children and "
        "their families.",
        "phone": "023-7468 0006",
        "address_zh": "垫江县桂阳街道民政服务中心",
        "address_en": "Civil Affairs Service Centre, Guiyang Subdistrict, Dianjiang County",
    },
    {
        "code": "women",
        "name_zh": "垫江县妇女联合会",
        "name_en": "Dianjiang County Women's Federation",
        "summary_zh": "女性创业者协会、妇女创业就业帮扶。",
        "summary_en": "Female entrepreneurs' association; help for women starting a business "
        "or finding work.",
        "phone": "023-7468 0007",
        "address_zh": "垫江县桂溪街道群团服务中心",
        "address_en": "Community Organisations Centre, Guixi Subdistrict, Dianjiang County",
    },
    {
        "code": "ddrc",
        "name_zh": "垫江县发展和改革委员会",
        "name_en": "Dianjiang County Development and Reform Commission",
        "summary_zh": "县域发展规划、乡村振兴项目。",
        "summary_en": "County development plans; rural revitalisation projects.",
        "phone": "023-7468 0008",
        "address_zh": "垫江县桂阳街道行政中心四楼",
        "address_en": "4/F, Administration Centre, Guiyang Subdistrict, Dianjiang County",
    },
]
for _department in DEPARTMENTS:
    _department.setdefault("office_hours_zh", WEEKDAY_HOURS_ZH)
    _department.setdefault("office_hours_en", WEEKDAY_HOURS_EN)

PARKS = [
    {
        "slug": "dianjiang-industrial-park",
        "name_zh": "垫江县工业园区",
        "name_en": "Dianjiang County Industrial Park",
        "address_zh": "垫江县桂阳街道工业园区管委会",
        "address_en": "Park Administration, Guiyang Subdistrict, Dianjiang County",
    },
    {
        "slug": "dianjiang-startup-park",
        "name_zh": "垫江县返乡创业园",
        "name_en": "Dianjiang Business Start-up Park for Return Migrants",
        "address_zh": "垫江县桂溪街道返乡创业园服务中心",
        "address_en": "Service Centre, Guixi Subdistrict, Dianjiang County",
    },
    {
        "slug": "changlong-startup-park",
        "name_zh": "长龙返乡创业园",
        "name_en": "Changlong Business Start-up Park for Return Migrants",
        "address_zh": "垫江县长龙镇返乡创业园",
        "address_en": "Changlong Town, Dianjiang County",
    },
    {
        "slug": "longqiao-startup-park",
        "name_zh": "龙桥返乡创业园",
        "name_en": "Longqiao Business Start-up Park for Return Migrants",
        "address_zh": "垫江县龙桥镇返乡创业园",
        "address_en": "Longqiao Town, Dianjiang County",
    },
    {
        "slug": "changshou-industrial-park",
        "name_zh": "长寿区工业园区",
        "name_en": "Changshou District Industrial Park",
        "address_zh": "重庆市长寿区工业园区一站式服务中心",
        "address_en": "One-stop Service Centre, Changshou District, Chongqing",
    },
]

DEMO_PASSWORD = "demo12345"  # noqa: S105 (printed for demo logins; seed_demo refuses production)

# username, name, role, department code, parks managed, phone, e-mail
USERS = [
    ("applicant", "王小红", "applicant", None, [], "13800000001", "applicant@example.com"),
    ("official-hrss", "李明", "official", "hrss", [], "13800000002", "official-hrss@example.com"),
    ("head-hrss", "张建国", "head", "hrss", [], "13800000003", "head-hrss@example.com"),
    (
        "official-market",
        "陈静",
        "official",
        "market",
        [],
        "13800000004",
        "official-market@example.com",
    ),
    (
        "manager-dianjiang",
        "刘洋",
        "manager",
        None,
        ["dianjiang-industrial-park", "dianjiang-startup-park"],
        "13800000005",
        "manager-dianjiang@example.com",
    ),
    ("admin", "系统管理员", "admin", None, [], "13800000006", "admin@example.com"),
]

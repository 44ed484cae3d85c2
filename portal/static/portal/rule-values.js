// The rule editor:
// - a condition on a fact with a list of values shows that list to tick (rendered for every
//   such fact, hidden) instead of the box to type a value in;
// - the test offers only what the fact allows (the list of #fact-operators);
// - of the empty rows, two show, and "Add a condition" shows one more each time.
(function () {
  "use strict";
  var data = document.getElementById("fact-operators");
  var allowed = data ? JSON.parse(data.textContent) : {};
  var EMPTY_SHOWN = 2;

  function follow(row) {
    var select = row.querySelector("select[name$='-fact']");
    var typed = row.querySelector("[data-typed-value]");
    if (!select || !typed) return;
    var listed = false;
    row.querySelectorAll("[data-values-of]").forEach(function (group) {
      var shown = group.getAttribute("data-values-of") === select.value;
      group.hidden = !shown;
      listed = listed || shown;
    });
    typed.hidden = listed;
    var op = row.querySelector("select[name$='-op']");
    var tests = allowed[select.value];
    if (!op) return;
    Array.prototype.forEach.call(op.options, function (option) {
      var fits = !tests || option.value === "" || tests.indexOf(option.value) !== -1;
      option.hidden = !fits;
      option.disabled = !fits;
    });
    if (op.selectedOptions.length && op.selectedOptions[0].disabled) op.value = "";
  }

  function isEmpty(row) {
    var fact = row.querySelector("select[name$='-fact']");
    return fact && fact.value === "" && !row.querySelector(".is-invalid");
  }

  var rows = Array.prototype.slice.call(document.querySelectorAll(".condition-row"));
  rows.forEach(follow);
  var empty = rows.filter(isEmpty);
  var button = document.querySelector("[data-add-condition]");
  if (button && empty.length > EMPTY_SHOWN) {
    empty.slice(EMPTY_SHOWN).forEach(function (row) { row.hidden = true; });
    button.hidden = false;
    button.addEventListener("click", function () {
      var next = rows.find(function (row) { return row.hidden; });
      if (next) {
        next.hidden = false;
        var fact = next.querySelector("select[name$='-fact']");
        if (fact) fact.focus();
      }
      if (!rows.some(function (row) { return row.hidden; })) button.hidden = true;
    });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches(".condition-row select[name$='-fact']")) {
      follow(target.closest(".condition-row"));
    }
  });
})();

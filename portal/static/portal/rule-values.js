// The rule editor: a condition on a fact with a list of values shows that list to tick
// (rendered for every such fact, hidden) instead of the box to type a value in.
(function () {
  "use strict";
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
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches(".condition-row select[name$='-fact']")) {
      follow(target.closest(".condition-row"));
    }
  });
})();

// Two helps for forms on a phone:
// - After a refused form, the first field to put right gets the focus (and is scrolled to), so
//   a screen reader reads its message and nobody hunts for it far down a long page.
// - A link marked data-unsent-files="<id>" (continue to the next step) does not leave the page
//   while a file is chosen but not uploaded yet: the warning <id> shows, and the file's field
//   gets the focus.
// - A button marked data-print prints the page (a claim letter).
(function () {
  "use strict";
  var first = document.querySelector("main .is-invalid, main [aria-invalid='true']");
  if (first && !document.querySelector("[autofocus]")) {
    first.focus({ preventScroll: true });
    first.scrollIntoView({ block: "center" });
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) {
      window.print();
      return;
    }
    var link = event.target.closest && event.target.closest("[data-unsent-files]");
    if (!link) return;
    var chosen = Array.prototype.find.call(
      document.querySelectorAll("main input[type=file]"),
      function (input) { return input.files && input.files.length > 0; }
    );
    if (!chosen) return;
    event.preventDefault();
    var warning = document.getElementById(link.getAttribute("data-unsent-files"));
    if (warning) warning.hidden = false;
    chosen.focus();
  });
})();

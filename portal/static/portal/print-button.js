/* A button marked data-print prints the page; without JavaScript it stays hidden (the
   browser's own menu prints it). */
document.querySelectorAll("button[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});

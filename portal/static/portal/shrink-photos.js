/* A large photo is made smaller on the phone before it is sent (at most 2400 pixels a side,
   JPEG): on a slow connection a 10 MB photo is not the only way. Where the browser cannot
   (no JavaScript, an old browser, HEIC it cannot read), the photo goes as it is and the portal
   shrinks it. The form's buttons wait while the photo is made smaller. */
(function () {
  "use strict";
  var MAX_SIDE = 2400;
  var ABOVE = 1500000;

  function shrink(file) {
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      var context = canvas.getContext("2d");
      context.fillStyle = "#fff"; // a transparent scan becomes white paper
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(resolve, "image/jpeg", 0.85);
      });
    });
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-shrink]")) return;
    var file = input.files && input.files[0];
    if (!file || !/^image\/(jpeg|png)$/.test(file.type) || file.size <= ABOVE) return;
    if (!window.createImageBitmap || !window.DataTransfer || !window.File) return;
    var form = input.form;
    var buttons = form ? form.querySelectorAll("button[type=submit]") : [];
    var pending = Number(input.getAttribute("data-shrinking") || 0) + 1;
    input.setAttribute("data-shrinking", String(pending));
    if (form) form.setAttribute("aria-busy", "true");
    Array.prototype.forEach.call(buttons, function (button) { button.disabled = true; });
    shrink(file)
      .then(function (blob) {
        // Another photo chosen meanwhile: that one is sent, not this one.
        if (!blob || blob.size >= file.size || input.files[0] !== file) return;
        var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
        var transfer = new DataTransfer();
        transfer.items.add(new File([blob], name, { type: "image/jpeg" }));
        input.files = transfer.files;
      })
      .catch(function () { /* sent as it is: the portal shrinks it */ })
      .then(function () {
        var left = Number(input.getAttribute("data-shrinking") || 1) - 1;
        if (left > 0) {
          input.setAttribute("data-shrinking", String(left));
          return;
        }
        input.removeAttribute("data-shrinking");
        if (form) form.removeAttribute("aria-busy");
        Array.prototype.forEach.call(buttons, function (button) { button.disabled = false; });
      });
  });
})();

/* Keep what a person types in the portal's forms in this browser until the form is sent,
 * so a lost connection or an expired session loses nothing: when the form comes back empty,
 * what was typed is filled in again. Passwords, files, hidden fields and fields marked
 * autocomplete="off" (ID numbers) are never kept; logging out forgets everything.
 * Kept answers expire after a day. No inline script: this file is loaded by base.html. */
(function () {
  "use strict";
  var DAY = 24 * 60 * 60 * 1000;
  try { window.localStorage.setItem("fanxiang:probe", "1"); } catch (e) { return; }
  var PREFIX = "fanxiang:form:";

  function keyFor(form, index) {
    return PREFIX + window.location.pathname + ":" + (form.id || form.getAttribute("action") || index);
  }

  function keepable(field) {
    var type = (field.type || "").toLowerCase();
    // Sensitive fields (ID numbers) say autocomplete="off": they never stay in the browser.
    if (field.getAttribute("autocomplete") === "off" || field.hasAttribute("data-no-keep")) {
      return false;
    }
    return field.name && !field.disabled && field.name !== "csrfmiddlewaretoken" &&
      ["password", "file", "hidden", "submit", "button"].indexOf(type) === -1;
  }

  function read(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!keepable(field)) { return; }
      var type = (field.type || "").toLowerCase();
      if (type === "radio" || type === "checkbox") {
        values[field.name] = values[field.name] || [];
        if (field.checked) { values[field.name].push(field.value); }
      } else if (field.value) {
        values[field.name] = field.value;
      }
    });
    return values;
  }

  function isEmpty(form, name) {
    var fields = form.querySelectorAll("[name='" + name.replace(/'/g, "\\'") + "']");
    return Array.prototype.every.call(fields, function (field) {
      var type = (field.type || "").toLowerCase();
      return (type === "radio" || type === "checkbox") ? !field.checked : !field.value;
    });
  }

  function restore(form, key) {
    var stored;
    try { stored = JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { stored = null; }
    if (!stored || Date.now() - stored.at > DAY) { window.localStorage.removeItem(key); return false; }
    var restored = false;
    Object.keys(stored.values).forEach(function (name) {
      if (!isEmpty(form, name)) { return; }
      var value = stored.values[name];
      form.querySelectorAll("[name='" + name.replace(/'/g, "\\'") + "']").forEach(function (field) {
        if (!keepable(field)) { return; }
        var type = (field.type || "").toLowerCase();
        if (type === "radio" || type === "checkbox") {
          if (value.indexOf(field.value) !== -1) { field.checked = true; restored = true; }
        } else if (value) {
          field.value = value; restored = true;
        }
      });
    });
    return restored;
  }

  // Logging out forgets everything kept: the next person at a shared computer sees nothing.
  document.querySelectorAll("form[action$='/accounts/logout/']").forEach(function (form) {
    form.addEventListener("submit", function () {
      Object.keys(window.localStorage).forEach(function (key) {
        if (key.indexOf(PREFIX) === 0) { window.localStorage.removeItem(key); }
      });
    });
  });

  // A form sent and saved (the next page says so) is forgotten.
  var sent = window.sessionStorage.getItem(PREFIX + "sent");
  if (sent && document.querySelector(".messages .alert-success")) {
    window.localStorage.removeItem(sent);
    window.sessionStorage.removeItem(PREFIX + "sent");
  }

  // "Start again without it": what was filled in again is forgotten, the page shown as saved.
  var kept = [];
  document.querySelectorAll("[data-forget-restored]").forEach(function (button) {
    button.addEventListener("click", function () {
      kept.forEach(function (key) { window.localStorage.removeItem(key); });
      window.location.reload();
    });
  });

  document.querySelectorAll("main form[method='post']").forEach(function (form, index) {
    if (form.hasAttribute("data-no-keep")) { return; }
    var key = keyFor(form, index);
    kept.push(key);
    if (restore(form, key)) {
      var note = document.getElementById("restored-note");
      if (note) { note.hidden = false; }
    }
    var save = function () {
      window.localStorage.setItem(key, JSON.stringify({at: Date.now(), values: read(form)}));
    };
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", function () {
      window.sessionStorage.setItem(PREFIX + "sent", key);
    });
  });
})();

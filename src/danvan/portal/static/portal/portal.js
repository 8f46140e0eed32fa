/* The portal's only script, and optional: every page works without it.
   1. Suggest communes while typing (with or without diacritics), into the <datalist>.
   2. On the submit form, show only the fields of the chosen kind. */
(function () {
  "use strict";
  var me = document.currentScript;
  var url = me && me.getAttribute("data-suggest-url");
  var timer = null;
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!url || !list) { return; }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2 || /\[\d+\]$/.test(q)) { return; }
      timer = setTimeout(function () {
        fetch(url + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.text() : ""; })
          .then(function (html) { list.innerHTML = html; })
          .catch(function () {});
      }, 250);
    });
  });
  var form = document.getElementById("submit-form");
  if (!form) { return; }
  function sync() {
    var chosen = form.querySelector("input[name=kind]:checked");
    var kind = chosen ? chosen.value : "";
    form.querySelectorAll("[data-kind]").forEach(function (el) {
      var show = el.getAttribute("data-kind").split(" ").indexOf(kind) >= 0;
      el.hidden = !show;
      el.querySelectorAll("input, textarea, select").forEach(function (f) { f.disabled = !show; });
    });
  }
  form.addEventListener("change", function (e) { if (e.target.name === "kind") { sync(); } });
  sync();
  var errors = document.getElementById("form-errors");
  if (errors) { errors.focus(); }
})();

/* Progress of a long job. Without JavaScript the page shows how far the job had come when it
   was loaded, and a link to look again. With it, the status line (a polite live region) is
   brought up to date every other second, and the page is loaded again once, when the job is
   done, to show the result. */
(function () {
  "use strict";
  var line = document.querySelector("[data-progress-url]");
  if (!line || !window.fetch) { return; }
  var url = line.getAttribute("data-progress-url");
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.running) {
          line.textContent = state.text;
          window.setTimeout(poll, 2000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();

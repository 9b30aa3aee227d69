// Opens a link: its token is in the address's fragment (never sent to the server, so
// never in a log); take it out of the address bar and post it once.
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.hash.slice(1));
  var token = params.get("t");
  window.history.replaceState(null, "", window.location.pathname);
  if (!token) {
    document.getElementById("opening").hidden = true;
    document.getElementById("no-token").hidden = false;
    return;
  }
  var form = document.getElementById("open-form");
  form.elements.t.value = token;
  form.elements.to.value = params.get("to") || "report";
  form.submit();
})();

// yizhan serve: reloads the page after each successful rebuild and shows the
// build's problems over the page while the last good version stays visible.
(function () {
  "use strict";
  var overlay = null;
  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function show(report) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "yizhan-errors";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", report.words.label);
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,20,.94);color:#f5f5f5;padding:1rem;font:14px/1.5 ui-monospace,monospace";
    var head = document.createElement("p");
    head.style.cssText = "font-weight:bold;color:#ff8a80;margin:0 0 .5rem";
    head.textContent = report.words.heading;
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = report.words.close;
    close.style.cssText = "float:right;font:inherit;padding:.25rem .75rem";
    close.onclick = hide;
    var pre = document.createElement("pre");
    pre.style.cssText = "white-space:pre-wrap;margin:0";
    pre.textContent = report.text;
    overlay.appendChild(close);
    overlay.appendChild(head);
    overlay.appendChild(pre);
    document.body.appendChild(overlay);
  }
  var source = null;
  function connect() {
    // The page is named, so that a rebuild makes it first.
    source = new EventSource("/__yizhan/events?page=" + encodeURIComponent(location.pathname));
    source.addEventListener("reload", function () { location.reload(); });
    source.addEventListener("errors", function (e) { show(JSON.parse(e.data)); });
  }
  connect();
  // A page left behind (or kept for the back button) gives its connection
  // back at once: a browser opens six at most to one server, and the next
  // page would wait for a lingering one to time out.
  window.addEventListener("pagehide", function () {
    if (source) { source.close(); source = null; }
  });
  window.addEventListener("pageshow", function (e) {
    if (e.persisted && !source) { connect(); }
  });
})();

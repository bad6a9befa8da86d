// A page that is waiting for work (the check, the petition) updates itself where JavaScript
// runs, and the reader can stop it (WCAG 2.2.1): "Stop updating" is remembered for this page
// in this tab. Without JavaScript the page offers "Check again now", and updating every few
// seconds only when the reader asks for it (a meta refresh, ?auto=1).
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-refresh-seconds]");
  if (!box || box.hasAttribute("data-meta-refresh")) {
    return;
  }
  var key = "stop-updating:" + window.location.pathname;
  var running = box.querySelector("[data-refresh-running]");
  var stopped = box.querySelector("[data-refresh-stopped]");
  if (window.sessionStorage && window.sessionStorage.getItem(key)) {
    stopped.hidden = false;
    return;
  }
  var seconds = parseInt(box.getAttribute("data-refresh-seconds"), 10) || 3;
  var timer = window.setTimeout(function () {
    window.location.reload();
  }, seconds * 1000);
  running.hidden = false;
  box.querySelector("[data-stop-refresh]").addEventListener("click", function () {
    window.clearTimeout(timer);
    if (window.sessionStorage) {
      window.sessionStorage.setItem(key, "1");
    }
    running.hidden = true;
    stopped.hidden = false;
  });
});

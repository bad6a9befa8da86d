// The quick exit: where JavaScript runs, leave by replacing this page in the browser's
// history, so that Back does not bring it up again. Without JavaScript it is a plain link.
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a.quick-exit") : null;
  if (!link) {
    return;
  }
  event.preventDefault();
  window.location.replace(link.href);
});

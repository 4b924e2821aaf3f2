// Warns a signed-in staff member five minutes before the idle time-out and
// lets them carry on. Without JavaScript the time-out still applies; the
// sign-in page then says why they were signed out.
(function () {
  'use strict';
  var body = document.body;
  var idle = parseInt(body.getAttribute('data-idle-seconds'), 10);
  var dialog = document.getElementById('timeout-warning');
  if (!idle || !dialog || !window.fetch || !window.FormData) {
    return;
  }
  var warnBefore = 5 * 60;
  var timer;
  var returnFocus;

  function signedOut() {
    window.location.href = '/staff/login?signed-out=1';
  }
  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(show, Math.max(0, idle - warnBefore) * 1000);
  }
  function show() {
    returnFocus = document.activeElement;
    dialog.hidden = false;
    dialog.querySelector('button').focus();
    timer = window.setTimeout(signedOut, warnBefore * 1000);
  }
  dialog.querySelector('form').addEventListener('submit', function (event) {
    event.preventDefault();
    window.fetch(event.target.action, {method: 'POST', body: new FormData(event.target), credentials: 'same-origin'})
      .then(function (response) {
        if (!response.ok) {
          signedOut();
          return;
        }
        dialog.hidden = true;
        if (returnFocus && returnFocus.focus) {
          returnFocus.focus();
        }
        schedule();
      }, signedOut);
  });
  schedule();
})();

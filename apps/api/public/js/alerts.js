// Alerts: mark one as seen.
(function () {
  'use strict';
  var p = window.planner;
  document.querySelectorAll('[data-acknowledge]').forEach(function (button) {
    button.addEventListener('click', function () {
      var item = button.closest('[data-alert]');
      p.busy(button, p.api('POST', '/api/alerts/' + item.getAttribute('data-alert') + '/acknowledge'))
        .then(function () { item.classList.add('is-closed'); button.remove(); p.toast('Marked as seen'); })
        .catch(function (err) { p.toast(err.message, 'error'); });
    });
  });
})();

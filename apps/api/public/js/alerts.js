// Alerts: mark one as seen.
(function () {
  'use strict';
  var p = window.planner;
  document.querySelectorAll('[data-acknowledge]').forEach(function (button) {
    button.addEventListener('click', function () {
      var item = button.closest('[data-alert]');
      p.busy(button, p.api('POST', '/api/alerts/' + item.getAttribute('data-alert') + '/acknowledge'))
        .then(function () {
          item.classList.add('is-closed');
          button.remove();
          p.toast('Marked as seen');
          // Keep the page's count and the navigation badge equal to what is still open.
          document.querySelectorAll('[data-nav-count="alerts"], [data-open-count]').forEach(function (el) {
            var left = Math.max(0, parseInt(el.textContent, 10) - 1);
            if (!left) { el.remove(); return; }
            el.textContent = el.hasAttribute('data-open-count') ? left + ' open' : String(left);
            if (el.hasAttribute('aria-label')) el.setAttribute('aria-label', left + ' open');
          });
        })
        .catch(function (err) { p.toast(err.message, 'error'); });
    });
  });
})();

// The post calendar. FullCalendar runs in "UTC-coercion" mode: every time it shows is the practice's
// local wall time (scheduledLocal), whatever zone the browser is in, so a 09:00 post shows at 09:00.
(function () {
  'use strict';
  var p = window.planner;
  var data = p.pageData();
  var el = document.querySelector('[data-calendar]');
  if (!el || !window.FullCalendar) return;
  var filters = document.querySelector('[data-calendar-filters]');
  var errorBox = document.querySelector('[data-calendar-error]');
  var LOCKED = { publishing: true, published: true, partly_published: true, failed: true, rejected: true };

  /** The practice's current wall time, "YYYY-MM-DDTHH:mm:ss", for "today" and the now line. */
  function practiceNow() {
    var parts = {};
    new Intl.DateTimeFormat('en-CA', { timeZone: data.timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date()).forEach(function (x) { parts[x.type] = x.value; });
    return parts.year + '-' + parts.month + '-' + parts.day + 'T' + parts.hour + ':' + parts.minute + ':' + parts.second;
  }

  /** A coerced date back to the practice's wall time "YYYY-MM-DDTHH:mm" (what the API takes). */
  function wallTime(date) { return date.toISOString().slice(0, 16); }
  function dayOf(date) { return date.toISOString().slice(0, 10); }

  function showError(message, kind) {
    errorBox.setAttribute('data-kind', kind || 'move');
    errorBox.innerHTML = '<svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><circle cx="12" cy="12" r="10"/><path d="M12 8v4M12 16h.01"/></svg><p>' + p.escapeHtml(message) + '</p>';
    errorBox.hidden = false;
  }

  /** Template variables filled in for the event title (the post page shows the exact rendering). */
  function filled(post) {
    var vars = post.templateVars || {};
    return String(post.baseText || '').replace(/\{\{\s*(practice|vars)\.(\w+)\s*\}\}/g, function (whole, scope, name) {
      var v = scope === 'practice' ? data.practiceVars[name] : vars[name];
      return v == null || v === '' ? whole : String(v);
    });
  }

  function firstLine(text) {
    var line = String(text || '').split('\n').map(function (s) { return s.trim(); }).filter(Boolean)[0] || '(no text yet)';
    return line.length > 90 ? line.slice(0, 89) + '…' : line;
  }

  var campaigns = {};
  function rememberCampaigns(posts) {
    posts.forEach(function (post) { if (post.campaign) campaigns[post.campaign] = true; });
    var list = document.querySelector('[data-campaigns]');
    list.innerHTML = Object.keys(campaigns).sort().map(function (c) { return '<option value="' + p.escapeHtml(c) + '"></option>'; }).join('');
  }

  // ---------- Preview on hover or focus ----------
  var peek = document.querySelector('[data-post-peek]');
  function showPeek(event, target, timeText) {
    if (!peek) return;
    var props = event.extendedProps;
    var when = event.start ? event.start.toLocaleString('en-US', { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }) : timeText;
    var seen = {};
    var networks = props.networks.filter(function (n) { if (seen[n]) return false; seen[n] = true; return true; })
      .map(function (n) { return data.networkNames[n] || n; }).join(', ');
    peek.innerHTML = '<div class="peek-head"><span class="badge status status-' + p.escapeHtml(props.status) + '">' + p.escapeHtml(data.statusLabels[props.status] || props.status) + '</span><span>' + p.escapeHtml(when) + '</span>' +
      (networks ? '<span class="muted">' + p.escapeHtml(networks) + '</span>' : '') + '</div>' +
      '<p class="peek-text">' + p.escapeHtml(props.text || event.title) + '</p>';
    var card = peek.parentElement.getBoundingClientRect();
    var box = target.getBoundingClientRect();
    peek.hidden = false;
    var left = Math.min(Math.max(8, box.left - card.left), card.width - peek.offsetWidth - 8);
    var below = box.bottom - card.top + 6;
    var top = below + peek.offsetHeight > card.height ? Math.max(8, box.top - card.top - peek.offsetHeight - 6) : below;
    peek.style.left = left + 'px';
    peek.style.top = top + 'px';
    target.setAttribute('aria-describedby', 'post-peek');
  }
  function hidePeek() { if (peek) peek.hidden = true; }
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') hidePeek(); });

  var calendar = new window.FullCalendar.Calendar(el, {
    timeZone: 'UTC',
    now: practiceNow,
    initialView: window.innerWidth < 640 ? 'listWeek' : 'dayGridMonth',
    headerToolbar: { left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridWeek,listWeek' },
    buttonText: { today: 'Today', month: 'Month', week: 'Week', list: 'List' },
    buttonHints: { prev: 'Previous $0', next: 'Next $0', today: 'Go to today' },
    height: 'auto',
    nowIndicator: true,
    dayMaxEvents: 4,
    eventDisplay: 'block',
    defaultTimedEventDuration: '01:00',
    allDaySlot: false,
    slotMinTime: '06:00:00',
    slotMaxTime: '22:00:00',
    scrollTime: '08:00:00',
    editable: Boolean(data.canEdit),
    eventDurationEditable: false,
    eventTimeFormat: { hour: 'numeric', minute: '2-digit', meridiem: 'short' },
    noEventsContent: 'No posts in this period.',
    events: function (info, success, failure) {
      var params = new URLSearchParams({ from: dayOf(info.start), to: dayOf(new Date(info.end.getTime() - 86400000)) });
      var form = new FormData(filters);
      ['account', 'campaign', 'status'].forEach(function (name) { var v = String(form.get(name) || '').trim(); if (v) params.set(name, v); });
      p.api('GET', '/api/posts?' + params.toString())
        .then(function (posts) {
          // A load error goes away once loading works again; a refused move stays until the next move.
          if (errorBox.getAttribute('data-kind') === 'load') errorBox.hidden = true;
          rememberCampaigns(posts);
          success(posts.filter(function (post) { return post.scheduledLocal; }).map(function (post) {
            return {
              id: post.id,
              title: firstLine(filled(post)),
              start: post.scheduledLocal,
              url: '/posts/' + post.id,
              classNames: ['post-event', 'ev-' + post.status],
              startEditable: Boolean(data.canEdit) && !LOCKED[post.status],
              extendedProps: { status: post.status, statusText: post.statusText, networks: post.targets.map(function (t) { return t.network; }), text: filled(post) },
            };
          }));
        })
        .catch(function (err) { showError('The calendar could not load posts: ' + err.message, 'load'); failure(err); });
    },
    eventSources: [{
      // Cadence gaps: days an account would go quiet, as shaded backgrounds.
      events: (data.gaps || []).map(function (gap) {
        // Whole days (month view draws only all-day backgrounds): a gap ending mid-day covers that day too.
        var end = gap.to.slice(11) === '00:00:00' ? gap.to.slice(0, 10) : dayOf(new Date(Date.parse(gap.to.slice(0, 10) + 'T00:00:00Z') + 86400000));
        return { id: 'gap-' + gap.id, start: gap.from.slice(0, 10), end: end, allDay: true, display: 'background', classNames: ['gap-event'], title: gap.title, extendedProps: { gap: true } };
      }),
    }],
    eventContent: function (arg) {
      if (arg.event.extendedProps.gap) return { html: '<span class="gap-label">Quiet period</span>' };
      var props = arg.event.extendedProps;
      var seen = {};
      var icons = props.networks.filter(function (n) { if (seen[n]) return false; seen[n] = true; return true; })
        .map(function (n) { return data.icons[n] || ''; }).join('');
      var label = props.statusText || data.statusLabels[props.status] || props.status;
      return {
        html: '<div class="ev" data-post-id="' + p.escapeHtml(arg.event.id) + '" data-status="' + p.escapeHtml(props.status) + '">' +
          '<div class="ev-top"><span class="ev-time">' + p.escapeHtml(arg.timeText) + '</span>' + icons + '<span class="ev-status">' + p.escapeHtml(label) + '</span></div>' +
          '<div class="ev-title">' + p.escapeHtml(arg.event.title) + '</div></div>',
      };
    },
    eventDidMount: function (arg) {
      if (arg.event.extendedProps.gap) { arg.el.setAttribute('title', arg.event.title); return; }
      var show = function () { showPeek(arg.event, arg.el, arg.timeText); };
      arg.el.addEventListener('focus', show);
      arg.el.addEventListener('blur', hidePeek);
    },
    eventMouseEnter: function (info) { if (!info.event.extendedProps.gap) showPeek(info.event, info.el, ''); },
    eventMouseLeave: hidePeek,
    // An undated post dragged from the list beside the calendar lands on that day (09:00 in month view).
    droppable: Boolean(data.canEdit),
    drop: function (info) {
      var id = info.draggedEl.getAttribute('data-undated-post');
      var scheduledFor = info.allDay ? dayOf(info.date) + 'T09:00' : wallTime(info.date);
      errorBox.hidden = true;
      p.api('PATCH', '/api/posts/' + id, { scheduledFor: scheduledFor })
        .then(function (post) {
          p.toast(post.note || 'Scheduled for ' + new Date(scheduledFor + ':00Z').toLocaleString('en-US', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' }));
          info.draggedEl.remove();
          var count = document.querySelector('#undated-title');
          var left = document.querySelectorAll('[data-undated-post]').length;
          if (count) count.textContent = 'Not scheduled yet (' + left + ')';
          calendar.refetchEvents();
        })
        .catch(function (err) {
          showError('The post was not scheduled: ' + err.message);
          p.toast('Not scheduled: ' + err.message, 'error');
        });
    },
    eventDrop: function (info) {
      errorBox.hidden = true;
      var scheduledFor = wallTime(info.event.start);
      p.api('PATCH', '/api/posts/' + info.event.id, { scheduledFor: scheduledFor })
        .then(function (post) {
          p.toast(post.note || 'Moved to ' + new Date(scheduledFor + ':00Z').toLocaleString('en-US', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' }));
          calendar.refetchEvents();
        })
        .catch(function (err) {
          info.revert();
          calendar.refetchEvents();
          showError('The post was not moved: ' + err.message);
          p.toast('Not moved: ' + err.message, 'error');
        });
    },
    // A day cell is named by its date number, but also holds the posts' text, which the name would not match;
    // as a plain grid cell, its content (date and posts) is what assistive technology reads.
    dayCellDidMount: function (arg) { arg.el.removeAttribute('aria-labelledby'); },
    dateClick: function (info) {
      if (!data.canEdit) return;
      var when = info.allDay ? 'date=' + info.dateStr.slice(0, 10) : 'date=' + info.dateStr.slice(0, 10) + '&time=' + info.dateStr.slice(11, 16);
      window.location.assign('/posts/new?' + when);
    },
  });
  var undatedList = document.querySelector('[data-undated] .undated-list');
  if (undatedList && data.canEdit && window.FullCalendar.Draggable) {
    new window.FullCalendar.Draggable(undatedList, {
      itemSelector: '[data-undated-post]',
      // The drop handler saves the time and the calendar reloads; no temporary event is added.
      eventData: function (item) { return { title: item.querySelector('.undated-title').textContent, create: false }; },
    });
  }
  calendar.render();
  // FullCalendar's arrow icons are role="img" with no name; the buttons around them carry the name.
  function quietIcons() {
    el.querySelectorAll('.fc-icon[role="img"]').forEach(function (icon) { icon.removeAttribute('role'); icon.setAttribute('aria-hidden', 'true'); });
  }
  quietIcons();
  calendar.on('datesSet', quietIcons);
  filters.addEventListener('change', function () { calendar.refetchEvents(); });
  filters.addEventListener('submit', function (event) { event.preventDefault(); calendar.refetchEvents(); });
  window.plannerCalendar = calendar;
})();

// Compose / edit a post: tabs per network, live counters and previews, the PHI checker as you type
// (findings highlighted behind the text), template picker, save, submit for review and delete.
(function () {
  'use strict';
  var p = window.planner;
  var data = p.pageData();
  var form = document.querySelector('[data-compose-form]');
  if (!form) return;
  var post = data.post;
  // The network vocabulary comes from the server (@app/publishing), so the page never keeps its own list.
  var NETWORKS = data.networks;
  var LABELS = Object.assign({ base: 'All networks' }, data.networkNames);

  function textOf(key) { return form.querySelector('[data-text="' + key + '"]').value; }
  function sourceFor(network) { var v = textOf(network); return v.trim() ? v : textOf('base'); }

  /** {{practice.*}} filled in from the practice profile; the server's rendering is the final word. */
  function fillVariables(text) {
    var vars = (post && post.templateVars) || {};
    return text.replace(/\{\{\s*(practice|vars)\.(\w+)\s*\}\}/g, function (whole, scope, name) {
      var v = scope === 'practice' ? data.practiceVars[name] : vars[name];
      return v == null || v === '' ? whole : String(v);
    });
  }
  /** The text a network will get: the server's rendering while nothing changed, else our approximation. */
  function renderedFor(network) {
    // The server's text stays right for a network whose own source text has not changed since it rendered.
    if (serverText.sources && serverText.sources[network] === sourceFor(network) && serverText.texts[network] != null) return serverText.texts[network];
    return fillVariables(sourceFor(network));
  }

  // X counts like twitter-text (config v3): links 23, emoji 2, CJK and most symbols 2, Latin 1.
  var URL_RE = /(?:https?:\/\/)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?(?:\/[^\s]*)?/gi;
  var EMOJI_RE = /\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?)*|[\u{1F1E6}-\u{1F1FF}]{2}/gu;
  function xWeight(cp) {
    return (cp <= 4351 || (cp >= 8192 && cp <= 8205) || (cp >= 8208 && cp <= 8223) || (cp >= 8242 && cp <= 8247)) ? 1 : 2;
  }
  function lengthFor(network, text) {
    var t = text.normalize('NFC').replace(/\r\n?/g, '\n');
    if (network !== 'x') return t.length;
    var count = 0;
    t = t.replace(URL_RE, function () { count += 23; return ''; });
    t = t.replace(EMOJI_RE, function () { count += 2; return ''; });
    for (var ch of t) count += xWeight(ch.codePointAt(0));
    return count;
  }

  function selectedNetworks() {
    var seen = {};
    form.querySelectorAll('[name=targetAccountIds]:checked').forEach(function (c) { seen[c.getAttribute('data-network')] = true; });
    var list = NETWORKS.filter(function (n) { return seen[n]; });
    return list.length ? list : NETWORKS;
  }

  // ---------- Images (compose-images.js): add, remove, reorder, and the live check of each network's rules ----------
  var images = p.composeImages(form.querySelector('[data-media]'), post && post.media, {
    networks: selectedNetworks,
    maxImages: data.maxImages,
    onChange: function () { updatePreviews(); updateSubmit(); },
  });

  // ---------- Tabs ----------
  var tabs = Array.prototype.slice.call(form.querySelectorAll('[role=tab]'));
  function selectTab(tab, focus) {
    tabs.forEach(function (t) {
      var on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      form.querySelector('[data-panel="' + t.getAttribute('data-tab') + '"]').hidden = !on;
    });
    if (focus) tab.focus();
    scheduleCheck();
  }
  tabs.forEach(function (tab, i) {
    tab.addEventListener('click', function () { selectTab(tab); });
    tab.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        e.preventDefault();
        selectTab(tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length], true);
      }
    });
  });
  function activeKey() { var t = tabs.filter(function (x) { return x.getAttribute('aria-selected') === 'true'; })[0]; return t ? t.getAttribute('data-tab') : 'base'; }

  // ---------- Counters and previews ----------
  function updateCounters() {
    ['base'].concat(NETWORKS).forEach(function (key) {
      var el = form.querySelector('[data-counter="' + key + '"]');
      if (!el) return;
      if (key === 'base') {
        var users = NETWORKS.filter(function (n) { return !textOf(n).trim(); });
        el.textContent = users.length ? users.map(function (n) { return counterText(n, renderedFor(n)); }).join(' · ') : 'Each network has its own text';
        el.className = 'counter' + (users.some(function (n) { return lengthFor(n, renderedFor(n)) > data.limits[n]; }) ? ' over' : '');
        return;
      }
      var text = renderedFor(key);
      var len = lengthFor(key, text);
      el.textContent = counterText(key, text);
      el.className = 'counter' + (len > data.limits[key] ? ' over' : len > data.limits[key] * 0.9 ? ' near' : '');
    });
    NETWORKS.forEach(function (n) {
      var tab = form.querySelector('[data-tab="' + n + '"]');
      var has = textOf(n).trim() !== '';
      var dot = tab.querySelector('.dot');
      if (has && !dot) { dot = document.createElement('span'); dot.className = 'dot'; dot.setAttribute('title', 'Has its own text'); tab.appendChild(dot); }
      if (!has && dot) dot.remove();
    });
  }
  function counterText(network, text) {
    return LABELS[network] + ' ' + lengthFor(network, text).toLocaleString('en-US') + ' / ' + data.limits[network].toLocaleString('en-US');
  }

  function richText(text) {
    return p.escapeHtml(text)
      .replace(/(https?:\/\/[^\s<]+)/g, '<span class="link">$1</span>')
      .replace(/(^|\s)(#[\p{L}\p{N}_]+)/gu, '$1<span class="tag">$2</span>')
      .replace(/(^|\s)(@\w+)/g, '$1<span class="tag">$2</span>');
  }

  var serverText = {};
  function remember(rendered) {
    var sources = {};
    NETWORKS.forEach(function (n) { sources[n] = sourceFor(n); });
    serverText = { sources: sources, texts: rendered || {} };
  }

  function initialsOf(name) {
    return name.split(/\s+/).filter(Boolean).slice(0, 2).map(function (w) { return w.charAt(0).toUpperCase(); }).join('');
  }

  // ---------- Link card: what the network shows under the first link (fetched by the server) ----------
  var LINK_RE = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/i;
  var cards = {};
  var cardTimer = null;
  function firstLink(text) { var m = LINK_RE.exec(text); return m ? m[0] : null; }
  function linkCardHtml(text) {
    var url = firstLink(text);
    if (!url) return '';
    var card = cards[url];
    if (!card) { clearTimeout(cardTimer); cardTimer = setTimeout(function () { loadCard(url); }, 600); return ''; }
    if (card === 'loading' || card.failed) return '';
    return '<div class="preview-card" data-link-card>' +
      (card.image ? '<img src="' + p.escapeHtml(card.image) + '" alt="" loading="lazy">' : '') +
      '<div class="preview-card-text"><span class="preview-card-site">' + p.escapeHtml(card.site) + '</span>' +
      '<strong>' + p.escapeHtml(card.title || card.url) + '</strong>' +
      (card.description ? '<span class="preview-card-desc">' + p.escapeHtml(card.description) + '</span>' : '') + '</div></div>';
  }
  function loadCard(url) {
    if (cards[url]) return;
    cards[url] = 'loading';
    p.api('GET', '/api/link-preview?url=' + encodeURIComponent(url))
      .then(function (card) { cards[url] = card; updatePreviews(); })
      .catch(function () { cards[url] = { failed: true }; });
  }

  /** The connected account's own picture when the network gave one, else its initials. */
  function avatarHtml(account, name) {
    if (account && account.pictureUrl && /^https:\/\//.test(account.pictureUrl) && !brokenPictures[account.pictureUrl])
      return '<img class="preview-avatar" data-preview-picture src="' + p.escapeHtml(account.pictureUrl) + '" alt="" referrerpolicy="no-referrer" data-initials="' + p.escapeHtml(initialsOf(name)) + '">';
    return '<span class="preview-avatar" data-preview-initials aria-hidden="true">' + p.escapeHtml(initialsOf(name)) + '</span>';
  }
  // A picture that does not load (LinkedIn's logo links expire; a Page may remove its picture) gives way to the
  // initials, and stays replaced as the previews redraw. Load errors do not bubble: listen while capturing.
  var brokenPictures = {};
  document.querySelector('[data-previews]').addEventListener('error', function (e) {
    var img = e.target;
    if (!img || !img.matches || !img.matches('img[data-preview-picture]')) return;
    brokenPictures[img.getAttribute('src')] = true;
    var span = document.createElement('span');
    span.className = 'preview-avatar';
    span.setAttribute('data-preview-initials', '');
    span.setAttribute('aria-hidden', 'true');
    span.textContent = img.getAttribute('data-initials') || '';
    img.replaceWith(span);
  }, true);

  function updatePreviews() {
    var box = document.querySelector('[data-previews]');
    var pictures = images.items();
    var fallbackHandle = data.handle ? (data.handle.charAt(0) === '@' ? data.handle : '@' + data.handle) : '@' + data.practiceName.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 15);
    var problems = images.problems();
    box.innerHTML = selectedNetworks().map(function (n) {
      var text = renderedFor(n);
      // Shown as the account it goes to, when one is chosen.
      var account = data.accounts.filter(function (a) { return a.network === n && form.querySelector('[name=targetAccountIds][value="' + a.id + '"]:checked'); })[0];
      var name = account ? account.name : data.practiceName;
      var handle = account && account.handle ? (account.handle.charAt(0) === '@' ? account.handle : '@' + account.handle) : fallbackHandle;
      var len = lengthFor(n, text);
      var over = len > data.limits[n];
      var meta = n === 'x' ? handle + ' · now' : n === 'linkedin' ? 'Healthcare provider · now' : 'Just now · Public';
      var imageNotes = problems.filter(function (pr) { return pr.network === n; }).map(function (pr) { return '<p class="preview-warning over" data-preview-image-problem>' + p.escapeHtml(pr.message) + '</p>'; }).join('');
      return '<article class="preview preview-' + n + '" data-preview="' + n + '">' +
        '<div class="preview-label">' + data.icons[n] + LABELS[n] + '<span class="counter' + (over ? ' over' : '') + '">' + len.toLocaleString('en-US') + ' / ' + data.limits[n].toLocaleString('en-US') + '</span></div>' +
        '<div class="preview-body"><div class="preview-author">' + avatarHtml(account, name) + '<div><div class="preview-name" data-preview-name>' + p.escapeHtml(name) + '</div><div class="preview-meta">' + p.escapeHtml(meta) + '</div></div></div>' +
        '<div class="preview-text">' + (text.trim() ? richText(text) : '<span class="preview-empty">Nothing written yet.</span>') + '</div>' +
        (pictures.length ? previewImages(n, pictures) : linkCardHtml(text)) +
        imageNotes +
        networkExtras(n, text, pictures.length) +
        '<div class="preview-actions" aria-hidden="true">' + (n === 'x' ? '<span>Reply</span><span>Repost</span><span>Like</span>' : n === 'instagram' ? '<span>Like</span><span>Comment</span><span>Send</span>' : n === 'google_business' ? '' : '<span>Like</span><span>Comment</span><span>Share</span>') + '</div>' +
        '</div></article>';
    }).join('');
  }

  /**
   * The images as each network lays them out: Instagram a square-cropped carousel (first image, "1 / 3"), Google
   * its one photo, the others a grid of what they take (X 4; the rest shown up to 4, "+2" for more).
   */
  function previewImages(n, pictures) {
    var img = function (it) {
      // A video plays in the preview as it will in the feed (a reel on Instagram), muted until someone unmutes it.
      if (p.isVideo(it)) return '<video src="' + p.escapeHtml(it.url.trim()) + '" controls muted playsinline preload="metadata" data-preview-video' + (it.altText.trim() ? ' aria-label="' + p.escapeHtml(it.altText.trim()) + '"' : '') + '></video>';
      return '<img src="' + p.escapeHtml(it.url.trim()) + '" alt="' + p.escapeHtml(it.altText.trim()) + '" loading="lazy">';
    };
    var max = data.maxImages[n];
    if (n === 'instagram' || n === 'google_business') {
      var count = Math.min(pictures.length, max);
      return '<div class="preview-img" data-preview-images="' + count + '">' + img(pictures[0]) +
        (count > 1 ? '<span class="preview-img-count" data-carousel-count>1 / ' + count + '</span>' : '') + '</div>';
    }
    var shown = pictures.slice(0, Math.min(4, max));
    var more = Math.min(pictures.length, max) - shown.length;
    return '<div class="preview-img preview-grid grid-' + shown.length + '" data-preview-images="' + Math.min(pictures.length, max) + '">' +
      shown.map(function (it, i) { return '<span class="preview-grid-cell">' + img(it) + (more > 0 && i === shown.length - 1 ? '<span class="preview-more">+' + more + '</span>' : '') + '</span>'; }).join('') + '</div>';
  }

  // What Instagram and Google add to a preview: Instagram's rules as it counts them, Google's button and dates.
  var BUTTONS = { BOOK: 'Book', CALL: 'Call now', LEARN_MORE: 'Learn more', SIGN_UP: 'Sign up' };
  var HASHTAG_RE = /(^|[^\p{L}\p{N}_&#/])#([\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*)/gu;
  var MENTION_RE = /(^|[^\p{L}\p{N}_.@])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)/gu;
  function distinct(re, text) {
    var seen = {};
    (text.match(re) || []).forEach(function (m) { seen[m.trim().replace(/^[^#@]*/, '').toLowerCase()] = true; });
    return Object.keys(seen).length;
  }
  function networkExtras(n, text, imageCount) {
    if (n === 'instagram') {
      var rules = data.instagram;
      var tags = distinct(HASHTAG_RE, text);
      var mentions = distinct(MENTION_RE, text);
      var notes = [];
      if (!imageCount) notes.push('<li class="over">Instagram needs an image or a video: add one below.</li>');
      notes.push('<li' + (tags > rules.hashtagLimit ? ' class="over"' : '') + ' data-hashtags>Hashtags ' + tags + ' / ' + rules.hashtagLimit + '</li>');
      notes.push('<li' + (mentions > rules.mentionLimit ? ' class="over"' : '') + '>Mentions ' + mentions + ' / ' + rules.mentionLimit + '</li>');
      return '<ul class="preview-rules" aria-label="Instagram limits">' + notes.join('') + '</ul>';
    }
    if (n === 'google_business') {
      var g = googlePost();
      var out = '';
      if (g.event && (g.event.title || g.event.start)) {
        var when = [g.event.start, g.event.end].filter(Boolean).map(function (v) { return v.replace('T', ' '); }).join(' – ');
        out += '<div class="preview-event" data-google-event-preview><strong>' + p.escapeHtml(g.event.title || (g.topicType === 'OFFER' ? 'Offer' : 'Event')) + '</strong>' + (when ? '<span>' + p.escapeHtml(when) + ' (' + p.escapeHtml(data.timezone) + ')</span>' : '') + '</div>';
      }
      if (g.offer && g.offer.couponCode) out += '<div class="preview-coupon">Code <strong>' + p.escapeHtml(g.offer.couponCode) + '</strong></div>';
      if (g.callToAction) out += '<div class="preview-cta"><span class="btn btn-secondary btn-sm" data-google-button>' + p.escapeHtml(BUTTONS[g.callToAction.actionType] || g.callToAction.actionType) + '</span></div>';
      if (/(?:\+?\d[\s().-]*){7,}\d/.test(text)) out += '<p class="preview-warning over">Google rejects posts with a phone number in the text: use the "Call now" button.</p>';
      return out;
    }
    return '';
  }

  // ---------- PHI checker ----------
  var phiPanel = form.querySelector('[data-phi-panel]');
  var liveCheck = true;
  var checkTimer = null;
  var checkSeq = 0;

  function scheduleCheck() {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(runCheck, 450);
  }

  /**
   * The text with variables filled in, and a way back from its offsets to the typed text's: the checker
   * reads the filled text, the highlight sits on what the author typed (a finding inside a variable
   * marks the whole {{variable}}).
   */
  function fillWithMap(raw) {
    var vars = (post && post.templateVars) || {};
    var re = /\{\{\s*(practice|vars)\.(\w+)\s*\}\}/g;
    var segments = [];
    var out = '';
    var last = 0;
    var m;
    var literal = function (from, to) {
      if (to > from) { segments.push({ o: out.length, r: from, len: to - from, literal: true }); out += raw.slice(from, to); }
    };
    while ((m = re.exec(raw))) {
      literal(last, m.index);
      var v = m[1] === 'practice' ? data.practiceVars[m[2]] : vars[m[2]];
      var value = v == null || v === '' ? m[0] : String(v);
      segments.push({ o: out.length, len: value.length, r: m.index, rEnd: m.index + m[0].length, literal: false });
      out += value;
      last = re.lastIndex;
    }
    literal(last, raw.length);
    var at = function (offset, edge) {
      for (var i = 0; i < segments.length; i++) {
        var seg = segments[i];
        var inside = edge === 'start' ? offset >= seg.o && offset < seg.o + seg.len : offset > seg.o && offset <= seg.o + seg.len;
        if (!inside) continue;
        if (seg.literal) return seg.r + (offset - seg.o);
        return edge === 'start' ? seg.r : seg.rEnd;
      }
      return edge === 'start' ? 0 : raw.length;
    };
    return { text: out, toRaw: function (start, end) { return { start: at(start, 'start'), end: at(end, 'end') }; } };
  }

  function runCheck() {
    var key = activeKey();
    // A network tab without its own text checks (and marks) the text for all networks.
    var source = key === 'base' || !textOf(key).trim() ? 'base' : key;
    var raw = textOf(source);
    var filled = fillWithMap(raw);
    if (!liveCheck) { renderStored(); return; }
    if (!filled.text.trim()) { paint(source, []); phiStatus('idle', 'The PHI checker reads your text as you type.'); listFindings([]); mustFixLive = 0; updateSubmit(); return; }
    var seq = ++checkSeq;
    var body = { text: filled.text };
    if (key !== 'base') body.network = key;
    p.api('POST', '/api/compliance/check', body)
      .then(function (result) {
        if (seq !== checkSeq) return;
        var findings = (result.findings || []).map(function (f) { return Object.assign({}, f, filled.toRaw(f.start, f.end), { text: f.text }); });
        paint(source, findings);
        var verdict = result.verdict || (findings.length ? 'warn' : 'pass');
        phiStatus(verdict, verdict === 'pass' ? 'No patient information found.' : verdict === 'block'
          ? 'This text could identify a patient. Fix the highlighted parts before submitting.'
          : 'Check the highlighted parts. A reviewer will see these warnings.');
        listFindings(findings);
        mustFixLive = verdict === 'block' ? findings.filter(function (f) { return f.severity === 'block'; }).length : 0;
        updateSubmit();
      })
      .catch(function (err) {
        if (err.status === 404 || err.status === 405) { liveCheck = false; renderStored(); return; }
        phiStatus('idle', 'The PHI checker is not reachable right now (' + err.message + '). It runs again when you submit.');
      });
  }

  /** Without the live checker: the findings stored at the last submission, on the rendered text. */
  function renderStored() {
    var stored = data.phraseFindings || [];
    if (!stored.length) { phiStatus('idle', 'Every post is checked for patient information when you submit it for review.'); listFindings([]); return; }
    phiStatus(post.verdict || 'warn', 'Findings from the last submission:');
    listFindings(stored);
    // Mark them in the text too, where the span still reads the same in the text being edited.
    var base = textOf('base');
    var marks = [];
    stored.forEach(function (f) {
      f.occurrences.forEach(function (o) { if (base.slice(o.start, o.end) === f.text) marks.push(Object.assign({}, f, o)); });
    });
    paint('base', marks);
  }

  function phiStatus(kind, message) {
    var icon = kind === 'pass' ? '<svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><circle cx="12" cy="12" r="10"/><path d="m8 12 3 3 5-6"/></svg>'
      : '<svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10Z"/></svg>';
    phiPanel.innerHTML = '<div class="phi-status ' + kind + '" data-phi-verdict="' + kind + '">' + icon + '<span>' + p.escapeHtml(message) + '</span></div><ul class="findings" data-findings></ul>';
  }

  function listFindings(findings) {
    var list = phiPanel.querySelector('[data-findings]');
    if (!list) return;
    list.innerHTML = findings.map(function (f) {
      return '<li class="finding sev-' + f.severity + '" data-finding="' + p.escapeHtml(f.rule) + '">' +
        '<div class="finding-head"><span class="badge ' + (f.severity === 'block' ? 'badge-red' : 'badge-amber') + '">' + (f.severity === 'block' ? 'Must fix' : 'Warning') + '</span>' +
        '<span class="finding-span">“' + p.escapeHtml(f.text) + '”</span>' + networksOf(f) + '</div>' +
        '<p>' + p.escapeHtml(f.message) + '</p>' + (f.suggestion ? '<p class="suggestion"><strong>Try:</strong> ' + p.escapeHtml(f.suggestion) + '</p>' : '') + '</li>';
    }).join('');
  }

  /** "On Facebook, X" for a phrase found in several networks' texts (one card per phrase, not per network). */
  function networksOf(f) {
    var list = (f.networks || [f.network]).filter(function (n) { return n && n !== 'base'; });
    return list.length ? '<span class="muted small" data-finding-networks>On ' + list.map(function (n) { return LABELS[n]; }).join(', ') + '</span>' : '';
  }

  // ---------- Submit stays off while the text has something that must be fixed ----------
  var mustFixLive = 0;
  function updateSubmit() {
    var button = form.querySelector('[data-submit-review]');
    var reason = form.querySelector('[data-submit-reason]');
    if (!button || !reason) return;
    var imageProblems = images.problems().length;
    button.disabled = mustFixLive > 0 || imageProblems > 0;
    reason.hidden = !button.disabled;
    reason.textContent = mustFixLive === 1
      ? 'Submit is off: 1 must-fix finding is left in the text. Change it first.'
      : mustFixLive > 1 ? 'Submit is off: ' + mustFixLive + ' must-fix findings are left in the text. Change them first.'
        : 'Submit is off: a network would refuse ' + (imageProblems === 1 ? 'an image' : 'the images') + ' (see “Before it can be submitted” under Images).';
  }

  /** Draws the findings' spans in the layer behind the textarea, so they look highlighted in place. */
  function paint(key, findings) {
    var layer = form.querySelector('[data-highlight="' + key + '"]');
    if (!layer) return;
    var text = textOf(key);
    var html = '';
    var at = 0;
    findings.slice().sort(function (a, b) { return a.start - b.start; }).forEach(function (f) {
      if (f.start < at || f.end > text.length) return;
      html += p.escapeHtml(text.slice(at, f.start)) + '<mark class="sev-' + f.severity + '" data-mark="' + p.escapeHtml(f.rule) + '">' + p.escapeHtml(text.slice(f.start, f.end)) + '</mark>';
      at = f.end;
    });
    layer.innerHTML = html + p.escapeHtml(text.slice(at)) + '\n';
    syncScroll(key);
  }
  function syncScroll(key) {
    var area = form.querySelector('[data-text="' + key + '"]');
    var layer = form.querySelector('[data-highlight="' + key + '"]');
    if (layer) layer.scrollTop = area.scrollTop;
  }

  form.querySelectorAll('[data-text]').forEach(function (area) {
    var key = area.getAttribute('data-text');
    area.addEventListener('input', function () {
      // Old marks no longer line up with edited text: clear them until the checker answers.
      paint(key, []);
      updateCounters();
      updatePreviews();
      scheduleCheck();
    });
    area.addEventListener('scroll', function () { syncScroll(key); });
  });
  form.addEventListener('change', function (e) {
    if (e.target.name === 'targetAccountIds') { updateGoogleFields(); images.networksChanged(); updatePreviews(); }
  });
  // ---------- Save, submit, delete ----------
  function body() {
    var f = form.elements;
    var date = f.date.value;
    var time = f.time.value || '09:00';
    var out = {
      baseText: textOf('base'),
      variants: NETWORKS.reduce(function (all, n) { all[n] = textOf(n); return all; }, {}),
      media: images.media(),
      googlePost: googleSelected() ? googlePost() : undefined,
      targetAccountIds: Array.prototype.map.call(form.querySelectorAll('[name=targetAccountIds]:checked'), function (c) { return c.value; }),
      scheduledFor: date ? date + 'T' + time : null,
      campaign: f.campaign.value.trim() || null,
    };
    return out;
  }

  var FIELD_MAP = {};

  // ---------- Google Business Profile settings ----------
  var googleBox = form.querySelector('[data-google-settings]');
  function googleSelected() {
    return !!form.querySelector('[name=targetAccountIds][data-network="google_business"]:checked');
  }
  function googlePost() {
    var f = form.elements;
    var type = f.googleType.value;
    var out = { topicType: type };
    // Google ignores a button on an offer, so an offer never carries one.
    if (f.googleButton.value && type !== 'OFFER') {
      out.callToAction = { actionType: f.googleButton.value };
      if (f.googleButton.value !== 'CALL' && f.googleUrl.value.trim()) out.callToAction.url = f.googleUrl.value.trim();
    }
    if (type !== 'STANDARD') out.event = { title: f.googleEventTitle.value.trim(), start: f.googleStart.value, end: f.googleEnd.value };
    if (type === 'OFFER' && (f.googleCoupon.value.trim() || f.googleTerms.value.trim())) {
      out.offer = {};
      if (f.googleCoupon.value.trim()) out.offer.couponCode = f.googleCoupon.value.trim();
      if (f.googleTerms.value.trim()) out.offer.termsConditions = f.googleTerms.value.trim();
    }
    return out;
  }
  /** Shows the Google settings only when a Google location is chosen, and only the fields its type uses. */
  function updateGoogleFields() {
    if (!googleBox) return;
    googleBox.hidden = !googleSelected();
    var f = form.elements;
    var type = f.googleType.value;
    googleBox.querySelectorAll('[data-google-event]').forEach(function (el) { el.hidden = type === 'STANDARD'; });
    googleBox.querySelectorAll('[data-google-offer]').forEach(function (el) { el.hidden = type !== 'OFFER'; });
    googleBox.querySelector('[data-google-button-field]').hidden = type === 'OFFER';
    googleBox.querySelector('[data-google-link]').hidden = type === 'OFFER' || !f.googleButton.value || f.googleButton.value === 'CALL';
  }
  if (googleBox) {
    googleBox.addEventListener('change', function () { updateGoogleFields(); updatePreviews(); });
    googleBox.addEventListener('input', updatePreviews);
    updateGoogleFields();
  }

  function save() {
    p.clearErrors(form);
    var b = body();
    return post ? p.api('PATCH', '/api/posts/' + post.id, b) : p.api('POST', '/api/posts', b);
  }

  /** What a save did, in the post's own terms: a draft is saved, an approved post is moved or kept. */
  function savedMessage(saved) {
    if (saved.status === 'scheduled') return saved.scheduledLocal ? 'Moved to ' + whenText(saved.scheduledLocal) + '. It stays approved and scheduled.' : 'Saved. It stays scheduled.';
    if (saved.status === 'approved') return 'Saved. It stays approved.';
    if (saved.status === 'in_review') return 'Saved. It is still waiting for review.';
    return 'Draft saved';
  }
  function whenText(local) {
    var d = new Date(local + ':00Z');
    return d.toLocaleString('en-US', { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
  }

  function afterSave(saved, message) {
    if (!post || saved.id !== post.id) { window.location.assign('/posts/' + saved.id + '?saved=1'); return; }
    post = saved;
    remember(saved.rendered);
    form.querySelector('[data-save-status]').textContent = saved.note || message;
    if (saved.note) p.toast(saved.note);
    else p.toast(message);
    var badge = document.querySelector('[data-post-status]');
    if (badge && badge.getAttribute('data-post-status') !== saved.status) window.location.reload();
    updatePreviews();
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    p.busy(form.querySelector('[data-save]'), save())
      .then(function (saved) { afterSave(saved, savedMessage(saved)); })
      .catch(function (err) { p.showErrors(form, err, FIELD_MAP); });
  });

  var submitButton = form.querySelector('[data-submit-review]');
  if (submitButton) {
    submitButton.addEventListener('click', function () {
      p.busy(submitButton, save().then(function (saved) {
        return p.api('POST', '/api/posts/' + saved.id + '/submit').catch(function (err) {
          // A new post that could not be submitted is taken back: the text stays in the form, and no
          // half-made draft is left on the calendar. An existing draft simply stays a draft.
          if (post) throw err;
          return p.api('DELETE', '/api/posts/' + saved.id).then(function () { throw err; }, function () { throw err; });
        });
      }))
        .then(function (submitted) { window.location.assign('/posts/' + submitted.id + '?submitted=1'); })
        .catch(function (err) { p.showErrors(form, err, FIELD_MAP); });
    });
  }

  var deleteButton = form.querySelector('[data-delete-post]');
  if (deleteButton) {
    deleteButton.addEventListener('click', function () {
      var ask = p.confirmFirst || function (title, message) { return Promise.resolve(window.confirm(title + '\n\n' + message)); };
      ask('Delete this post?', 'It is removed from the calendar. This cannot be undone.', 'Delete', true).then(function (ok) {
        if (!ok) return;
        p.busy(deleteButton, p.api('DELETE', '/api/posts/' + post.id))
          .then(function () { window.location.assign('/calendar'); })
          .catch(function (err) { p.showErrors(form, err); });
      });
    });
  }

  // ---------- Template picker (new posts) ----------
  var picker = document.querySelector('[data-template-picker]');
  if (picker) {
    var select = picker.querySelector('[data-template-select]');
    var varsBox = picker.querySelector('[data-template-vars]');
    var previewBox = picker.querySelector('[data-template-preview]');
    var actions = picker.querySelector('[data-template-actions]');
    var previewTimer = null;
    var current = null;
    var templateVars = function () {
      var out = {};
      varsBox.querySelectorAll('[data-var]').forEach(function (input) { out[input.getAttribute('data-var')] = input.value; });
      return out;
    };
    // A dated template (a month, a holiday week) proposes its next occurrence unless a later day is chosen.
    var suggestDate = function (template) {
      var hint = picker.querySelector('[data-template-date]');
      if (!template || !template.suggestedDate) { hint.hidden = true; return; }
      var field = form.elements.date;
      if (!field.value || field.value < template.suggestedDate) field.value = template.suggestedDate;
      hint.hidden = false;
      hint.textContent = 'Dated template: the post date is set to its next occurrence, ' + new Date(template.suggestedDate + 'T12:00:00Z').toLocaleDateString('en-US', { timeZone: 'UTC', weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }) + '. Change it below if you like.';
    };
    var refresh = function () {
      if (!current) return;
      p.api('POST', '/api/templates/' + encodeURIComponent(current.key) + '/preview', { vars: templateVars() })
        .then(function (preview) {
          var first = preview.facebook || preview.linkedin || preview.x || {};
          previewBox.textContent = first.text || first.error || '';
          previewBox.hidden = false;
        })
        .catch(function (err) { previewBox.textContent = err.message; previewBox.hidden = false; });
    };
    select.addEventListener('change', function () {
      current = data.templates.filter(function (t) { return t.key === select.value; })[0] || null;
      varsBox.innerHTML = (current ? current.requiredVars : []).map(function (v, i) {
        return '<div class="field"><label for="tplvar-' + i + '">' + p.escapeHtml(v.description) + '</label><input id="tplvar-' + i + '" type="' + (v.type === 'date' ? 'date' : 'text') + '" data-var="' + p.escapeHtml(v.name) + '" value="' + p.escapeHtml(v.example) + '"></div>';
      }).join('');
      actions.hidden = !current;
      previewBox.hidden = true;
      suggestDate(current);
      refresh();
    });
    varsBox.addEventListener('input', function () { clearTimeout(previewTimer); previewTimer = setTimeout(refresh, 300); });
    if (select.value) select.dispatchEvent(new Event('change'));
    picker.querySelector('[data-use-template]').addEventListener('click', function (e) {
      if (!current) return;
      var b = body();
      var draft = { vars: templateVars(), targetAccountIds: b.targetAccountIds };
      if (b.scheduledFor) draft.scheduledFor = b.scheduledFor;
      if (b.campaign) draft.campaign = b.campaign;
      p.busy(e.currentTarget, p.api('POST', '/api/templates/' + encodeURIComponent(current.key) + '/draft', draft))
        .then(function (created) { window.location.assign('/posts/' + created.id + '?fromTemplate=1'); })
        .catch(function (err) { p.showErrors(form, err); form.scrollIntoView(); });
    });
  }

  // ---------- Start ----------
  remember(post && post.rendered);
  updateCounters();
  updatePreviews();
  var params = new URLSearchParams(window.location.search);
  if (params.get('submitted')) p.toast('Submitted for review. A reviewer has been asked to check it.');
  else if (params.get('saved')) p.toast('Draft saved');
  else if (params.get('fromTemplate')) p.toast('Draft created from the template. Edit it as you like.');
  runCheck();
})();

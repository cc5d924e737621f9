import { challengeFields } from './solve-page-challenge.js';

export interface ChangeForm {
  email: string;
  currentPassword: string;
  newPassword: string;
  confirmPassword?: string;
}

export interface FormResult {
  /** 200 applied, 202 queued (on the outcome page the 303 led to), 4xx refused (see the portal's refusal table). */
  status: number;
  html: string;
}

/** Fetches the change form (CSRF cookie and token, the proof of work it asks for) the way a browser would. */
async function openForm(
  baseUrl: string,
): Promise<{ cookie: string; token: string; challenge: Record<string, string> }> {
  const page = await fetch(`${baseUrl}/change`);
  const html = await page.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (token === undefined || cookie === '')
    throw new Error(`GET /change gave no CSRF token or cookie (status ${page.status})`);
  return { cookie, token, challenge: await challengeFields(html) };
}

/** Submits the change form over real HTTP, as a browser on the portal's own origin. */
export async function submitChange(baseUrl: string, form: ChangeForm): Promise<FormResult> {
  const { cookie, token, challenge } = await openForm(baseUrl);
  const body = new URLSearchParams({
    _csrf: token,
    ...challenge,
    email: form.email,
    currentPassword: form.currentPassword,
    newPassword: form.newPassword,
    confirmPassword: form.confirmPassword ?? form.newPassword,
  });
  const response = await fetch(`${baseUrl}/change`, {
    method: 'POST',
    headers: { cookie, origin: baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
    body,
    redirect: 'manual',
  });
  const location = response.headers.get('location');
  if (response.status !== 303 || location === null)
    return { status: response.status, html: await response.text() };
  // Success answers 303 to the outcome page (post/redirect/get); a browser opens it with the cookie just set.
  const outcome = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .filter((pair) => pair !== undefined && !pair.endsWith('='));
  const page = await fetch(new URL(location, baseUrl), {
    headers: { cookie: [cookie, ...outcome].join('; ') },
    redirect: 'manual',
  });
  return { status: page.status, html: await page.text() };
}

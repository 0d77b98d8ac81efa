/**
 * The desktop window's security rules, as pure functions so hostile inputs can be tested in
 * plain Node (Electron security checklist: limit navigation, limit new windows, validate IPC
 * senders). The shell in src-main/electron/ only wires them to Electron's events.
 */

/** `scheme://host:port` of an http(s) URL, or null for anything else or anything unparsable. */
export function httpOrigin(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  // Credentials in a URL are a phishing trick (http://hub@evil/), never something the app makes.
  if (u.username || u.password) return null;
  return u.origin;
}

/** Whether the window may navigate to `url`: only within the app's own origin, exactly. */
export function isAllowedNavigation(url: string, appOrigin: string): boolean {
  const origin = httpOrigin(url);
  return origin !== null && origin === httpOrigin(appOrigin);
}

/** A link the app hands to the default browser instead of opening a window: http(s) only. */
export function externalUrl(url: string): string | null {
  return httpOrigin(url) === null ? null : new URL(url).href;
}

/** What the rule needs of Electron's WebFrameMain: its URL and whether it is a top frame. */
export interface FrameLike {
  url: string;
  parent?: unknown;
}

/**
 * Whether an IPC message comes from the app's own page: a top-level frame (an iframe, even of
 * the same origin, may show anything) whose URL is on the app's origin.
 */
export function isOwnFrame(frame: FrameLike | null | undefined, appOrigin: string): boolean {
  if (!frame || typeof frame.url !== 'string') return false;
  if (frame.parent) return false;
  return isAllowedNavigation(frame.url, appOrigin);
}

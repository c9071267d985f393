import QRCode from "qrcode";
import { env } from "~/env.server";

/**
 * The online copy's address printed on the notice: the public base URL when
 * the app runs behind a proxy (PUBLIC_BASE_URL, else APP_ORIGIN), otherwise
 * the origin the request came in on.
 */
export function statementUrl(publishedId: number, requestUrl: string): string {
  return `${publicBase(requestUrl)}/statements/${publishedId}`;
}

/** The public check of a statement's hash printed on the notice: anyone can open it, logged in or not. */
export function verifyUrl(hash: string, requestUrl: string): string {
  return `${publicBase(requestUrl)}/verify?hash=${encodeURIComponent(hash)}`;
}

function publicBase(requestUrl: string): string {
  const { PUBLIC_BASE_URL, APP_ORIGIN } = env();
  return (PUBLIC_BASE_URL ?? APP_ORIGIN ?? new URL(requestUrl).origin).replace(/\/+$/, "");
}

/**
 * A QR code of `url` as SVG markup (a path, no script, no external
 * reference), error correction M, sized by the page's CSS.
 */
export async function qrSvg(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#000000", light: "#ffffff" } });
  // Drop the XML prolog (if any): the markup is placed inside the HTML page.
  return svg.replace(/^<\?xml[^>]*>\s*/, "");
}

import QRCode from "qrcode";

/**
 * A QR code of `url` drawn as one SVG path, error correction M — made the
 * same way on the server and in the browser (no canvas, no script, no
 * outside reference), so the printed notice can carry it without the
 * route passing it in.
 */
export function VerifyQr({ url, label, className, sizeMm }: { url: string; label: string; className?: string; sizeMm: number }) {
  const { size, data } = QRCode.create(url, { errorCorrectionLevel: "M" }).modules;
  const margin = 2;
  let path = "";
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (data[row * size + col]) path += `M${col + margin} ${row + margin}h1v1h-1z`;
    }
  }
  const box = size + 2 * margin;
  return (
    <svg className={className} style={{ width: `${sizeMm}mm`, height: `${sizeMm}mm`, flex: "none" }} role="img" aria-label={label} viewBox={`0 0 ${box} ${box}`} shapeRendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
      <rect width={box} height={box} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}

/** /verify?hash=… on the same site as a statement's online address (…/statements/12). */
export function verifyUrlFrom(onlineUrl: string, hash: string): string {
  return `${onlineUrl.replace(/\/statements\/\d+\/?$/, "")}/verify?hash=${hash}`;
}

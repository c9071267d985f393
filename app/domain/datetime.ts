/** Times are stored in UTC and shown in China's time zone, whatever the server's. */
export const TIME_ZONE = "Asia/Shanghai";

// One formatter per locale: making an Intl.DateTimeFormat costs far more than using it (timelines format many times).
const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatDateTime(iso: string, locale: string): string {
  let formatter = formatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false,
    });
    formatters.set(locale, formatter);
  }
  return formatter.format(new Date(iso));
}

/**
 * day-name   = %s"Mon" / %s"Tue" / %s"Wed" / %s"Thu" / %s"Fri" / %s"Sat" / %s"Sun"
 * day-name-l = %s"Monday" / … / %s"Sunday"
 * month      = %s"Jan" / %s"Feb" / … / %s"Dec"
 * RFC 9110 §5.6.7 (case-sensitive: "%s")
 * Indexed from Sunday = 0 to match `Date.prototype.getUTCDay`.
 * @internal
 */
export const DAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
/** @internal */
export const DAY_NAMES_LONG = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
] as const;
/** @internal month names, January = index 0 */
export const MONTH_NAMES = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

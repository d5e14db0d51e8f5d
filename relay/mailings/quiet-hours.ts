/** Quiet hours: a daily window ("21:00-09:00", may cross midnight) when mass SMS wait for morning. */
export interface QuietWindow {
  startMinute: number;
  endMinute: number;
}

export function parseQuietWindow(text: string): QuietWindow | null {
  const match = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!match) return null;
  const [h1, m1, h2, m2] = match.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) return null;
  const window = { startMinute: h1 * 60 + m1, endMinute: h2 * 60 + m2 };
  return window.startMinute === window.endMinute ? null : window;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function minuteOfDay(now: number, timeZone: string | undefined): number {
  const key = timeZone ?? '';
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) });
    formatters.set(key, formatter);
  }
  const [hour, minute] = formatter.format(now).split(':').map(Number) as [number, number];
  return hour * 60 + minute;
}

/** Whether `now` falls in the window in that time zone (undefined: the relay's own). */
export function isQuiet(window: QuietWindow | null, now: number, timeZone: string | undefined): boolean {
  if (!window) return false;
  const minute = minuteOfDay(now, timeZone);
  return window.startMinute < window.endMinute ? minute >= window.startMinute && minute < window.endMinute : minute >= window.startMinute || minute < window.endMinute;
}

/** Countries with one time zone, by phone country code. */
const COUNTRY_ZONES: Record<string, string> = {
  BY: 'Europe/Minsk',
  KZ: 'Asia/Almaty',
  AM: 'Asia/Yerevan',
  GE: 'Asia/Tbilisi',
  AZ: 'Asia/Baku',
  KG: 'Asia/Bishkek',
  UZ: 'Asia/Tashkent',
  TJ: 'Asia/Dushanbe',
  MD: 'Europe/Chisinau',
  UA: 'Europe/Kyiv',
  LV: 'Europe/Riga',
  LT: 'Europe/Vilnius',
  EE: 'Europe/Tallinn',
  DE: 'Europe/Berlin',
  GB: 'Europe/London',
  FI: 'Europe/Helsinki',
  TR: 'Europe/Istanbul',
};

/** Russia spans eleven zones: the city says which. */
const RUSSIAN_CITY_ZONES: Record<string, string> = {
  москва: 'Europe/Moscow',
  'санкт-петербург': 'Europe/Moscow',
  казань: 'Europe/Moscow',
  'нижний новгород': 'Europe/Moscow',
  'ростов-на-дону': 'Europe/Moscow',
  краснодар: 'Europe/Moscow',
  воронеж: 'Europe/Moscow',
  калининград: 'Europe/Kaliningrad',
  самара: 'Europe/Samara',
  ижевск: 'Europe/Samara',
  уфа: 'Asia/Yekaterinburg',
  пермь: 'Asia/Yekaterinburg',
  екатеринбург: 'Asia/Yekaterinburg',
  челябинск: 'Asia/Yekaterinburg',
  тюмень: 'Asia/Yekaterinburg',
  омск: 'Asia/Omsk',
  новосибирск: 'Asia/Novosibirsk',
  томск: 'Asia/Tomsk',
  барнаул: 'Asia/Barnaul',
  красноярск: 'Asia/Krasnoyarsk',
  кемерово: 'Asia/Novokuznetsk',
  иркутск: 'Asia/Irkutsk',
  'улан-удэ': 'Asia/Irkutsk',
  чита: 'Asia/Chita',
  якутск: 'Asia/Yakutsk',
  хабаровск: 'Asia/Vladivostok',
  владивосток: 'Asia/Vladivostok',
  магадан: 'Asia/Magadan',
  'петропавловск-камчатский': 'Asia/Kamchatka',
};

const validZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** City names as written in a CRM → zone (or none): a directory repeats the same few cities. */
const cityZoneCache = new Map<string, string | undefined>();

function russianCityZone(city: string): string | undefined {
  if (!cityZoneCache.has(city)) cityZoneCache.set(city, RUSSIAN_CITY_ZONES[city.trim().toLocaleLowerCase('ru').replace(/ё/g, 'е')]);
  return cityZoneCache.get(city);
}

/** The recipient's time zone where it can be told: a timeZone field, the city, or a one-zone country. */
export function recipientTimeZone(recipient: { country: string | null; city?: string | null; fields?: Record<string, string> }): string | undefined {
  const explicit = recipient.fields?.timeZone ?? recipient.fields?.timezone;
  if (explicit && validZone(explicit)) return explicit;
  if (recipient.country === 'RU') return recipient.city ? russianCityZone(recipient.city) : undefined;
  return recipient.country ? COUNTRY_ZONES[recipient.country] : undefined;
}

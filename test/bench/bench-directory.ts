// A made-up but lifelike contact directory for the search bench: Russian names, a few hundred
// companies, cities, owners, e-mails, custom fields, one to two phones each; the same every run.
import type { ContactView } from '../../shared/api';
import { seededRandom } from '../support/seeded-random';

const FIRST = [
  'Александр',
  'Мария',
  'Дмитрий',
  'Анна',
  'Сергей',
  'Елена',
  'Андрей',
  'Ольга',
  'Алексей',
  'Наталья',
  'Иван',
  'Татьяна',
  'Михаил',
  'Ирина',
  'Пётр',
  'Светлана',
  'Николай',
  'Юлия',
  'Владимир',
  'Екатерина',
  'Фёдор',
  'Ксения',
  'Артём',
  'Дарья',
  'Семён',
  'Алёна',
  'Егор',
  'Полина',
  'Кирилл',
  'Виктория',
];
const LAST = [
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Петров',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
  'Морозов',
  'Волков',
  'Алексеев',
  'Лебедев',
  'Семёнов',
  'Егоров',
  'Павлов',
  'Козлов',
  'Степанов',
  'Николаев',
  'Орлов',
  'Андреев',
  'Макаров',
  'Никитин',
  'Захаров',
  'Зайцев',
  'Соловьёв',
  'Борисов',
  'Яковлев',
  'Григорьев',
  'Романов',
  'Воробьёв',
  'Сергеев',
  'Кузьмин',
  'Фролов',
  'Александров',
  'Дмитриев',
  'Королёв',
  'Гусев',
  'Киселёв',
  'Ильин',
  'Максимов',
  'Поляков',
  'Сорокин',
  'Виноградов',
  'Ковалёв',
  'Белов',
  'Медведев',
  'Антонов',
  'Тарасов',
];
const CITIES = [
  'Москва',
  'Санкт-Петербург',
  'Казань',
  'Новосибирск',
  'Екатеринбург',
  'Нижний Новгород',
  'Самара',
  'Омск',
  'Ростов-на-Дону',
  'Уфа',
  'Красноярск',
  'Пермь',
  'Воронеж',
  'Волгоград',
  'Краснодар',
];
const ACCOUNT_WORDS = [
  'Ромашка',
  'Лютик',
  'Вектор',
  'Гранит',
  'Альфа',
  'Меридиан',
  'Северсталь',
  'Техно',
  'Прогресс',
  'Восход',
  'Стройинвест',
  'Агро',
  'Фарма',
  'Логистик',
  'Энерго',
  'Сибирь',
  'Волга',
  'Урал',
  'Балтика',
  'Орион',
];
const FORMS = ['ООО', 'АО', 'ИП', 'ПАО'];
const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sch',
  ы: 'y',
  ь: '',
  ъ: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

export const translit = (text: string) => [...text.toLowerCase()].map((ch) => TRANSLIT[ch] ?? ch).join('');

export interface BenchPerson {
  firstName: string;
  lastName: string;
  name: string;
  account: string;
  city: string;
  owner: string;
  email: string;
  mobile: string;
  work: string | null;
  segment: string;
}

/** The i-th person of directory `seed`: every field drawn from a PRNG started at (seed, i). */
export function benchPerson(i: number, seed = 1): BenchPerson {
  const { next, pick } = seededRandom(seed * 2_654_435_761 + i * 40_503);
  const firstIndex = Math.floor(next() * FIRST.length);
  const first = FIRST[firstIndex]!;
  // FIRST alternates men's and women's names.
  const female = firstIndex % 2 === 1;
  const last = `${pick(LAST)}${female ? 'а' : ''}`;
  const account = `${pick(FORMS)} «${pick(ACCOUNT_WORDS)}${next() < 0.5 ? '' : `-${Math.floor(next() * 25)}`}»`;
  const digits = String(Math.floor(next() * 1e9)).padStart(9, '0');
  return {
    firstName: first,
    lastName: last,
    name: `${last} ${first}`,
    account,
    city: pick(CITIES),
    owner: `${pick(LAST)} ${pick(FIRST)}`,
    email: `${translit(first)}.${translit(last)}${i}@example${i % 7}.ru`,
    mobile: `+79${digits}`,
    work: next() < 0.3 ? `+7 (843) ${String(i % 1000).padStart(3, '0')}-${String(Math.floor(next() * 100)).padStart(2, '0')}-${String(i % 100).padStart(2, '0')}` : null,
    segment: next() < 0.1 ? 'VIP' : 'обычный',
  };
}

/** The snapshot the extension would send for person i (POST /api/contacts/bulk). */
export function benchSnapshot(i: number, seed = 1) {
  const p = benchPerson(i, seed);
  return {
    crmId: `bench:${i}`,
    snapshot: {
      name: p.name,
      firstName: p.firstName,
      lastName: p.lastName,
      phones: [{ number: p.mobile, type: 'mobile' }, ...(p.work ? [{ number: p.work, type: 'work' }] : [])],
      email: p.email,
      account: p.account,
      owner: p.owner,
      city: p.city,
      source: { adapter: 'bench', origin: 'https://crm.example.com' },
      fields: { Сегмент: p.segment },
    },
  };
}

/** A CRM export of `count` people (Russian Excel: `;`), ids `csv-<i>`, drawn from directory `seed`. */
export function benchCsv(count: number, seed = 2): string {
  const lines = ['Id;ФИО;Мобильный телефон;Рабочий телефон;Email;Контрагент;Ответственный;Город;Сегмент'];
  for (let i = 0; i < count; i++) {
    const p = benchPerson(i, seed);
    lines.push([`csv-${i}`, p.name, p.mobile, p.work ?? '', p.email, `"${p.account.replaceAll('"', '""')}"`, p.owner, p.city, p.segment].join(';'));
  }
  return `${lines.join('\n')}\n`;
}

/** The group filters both search benches count, by what they ask: an exact field, three facts together, text in two fields. */
export const GROUP_COUNT_FILTERS = {
  'account = …': { combinator: 'and', rules: [{ field: 'account', op: 'eq', value: 'ООО «Ромашка»' }] },
  'city and VIP and has mobile': {
    combinator: 'and',
    rules: [
      { field: 'city', op: 'eq', value: 'Казань' },
      { field: 'fields.Сегмент', op: 'eq', value: 'VIP' },
      { field: 'hasMobile', op: 'is_true' },
    ],
  },
  'name contains … or e-mail starts with …': {
    combinator: 'or',
    rules: [
      { field: 'name', op: 'contains', value: 'ёдор' },
      { field: 'email', op: 'starts_with', value: 'olga' },
    ],
  },
} as const;

/** Contact `i` of the bench directory as the relay stores it (E.164 digits worked out as a Russian mobile's). */
export function benchContactView(i: number, stamp = ''): ContactView {
  const { crmId, snapshot } = benchSnapshot(i);
  return {
    crmId,
    ...snapshot,
    phones: snapshot.phones.map((p) => ({
      ...p,
      type: p.type as ContactView['phones'][number]['type'],
      digits: `7${p.number.replace(/\D/g, '').slice(-10)}`,
      invalidReason: null,
    })),
    doNotUseSms: null,
    createdAt: stamp,
    updatedAt: stamp,
  };
}

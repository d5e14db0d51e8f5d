import { describe, expect, it } from 'vitest';
import { DEFAULT_START_KEYWORDS, DEFAULT_STOP_KEYWORDS, keywordOf } from '../../shared/opt-out-keywords';

const defaults = { stop: DEFAULT_STOP_KEYWORDS, start: DEFAULT_START_KEYWORDS };
const keyword = (text: string) => keywordOf(text, defaults);

describe('STOP and START keywords in a reply', () => {
  it.each([
    'STOP',
    'stop',
    'Stop.',
    ' СТОП ',
    'стоп!',
    'Стоп!!!',
    'СТОП 🛑',
    '«Стоп»',
    'с т о п',
    'отписаться',
    'Отписка',
    'UNSUBSCRIBE',
    'end',
    'Cancel',
    'quit',
    'STOPALL',
    'stop all',
  ])('«%s» opts out', (text) => expect(keyword(text)).toBe('stop'));

  it.each(['START', 'старт', 'Подписаться!', 'unstop', 'Yes', 'yes.'])('«%s» opts back in', (text) => expect(keyword(text)).toBe('start'));

  it.each([
    ['CTOП', 'Latin C and T, Cyrillic О and П'],
    ['CTOP', 'all Latin, drawn like СТОП'],
    ['STOП', 'Latin STO, Cyrillic П'],
    ['SТОР', 'Latin S, Cyrillic Т, О, Р'],
    ['ОТПИCАТЬСЯ', 'a Latin C among Cyrillic letters'],
    ['ctoп', 'lower case'],
    ['ＳＴＯＰ', 'full-width letters'],
    ['stóp', 'an accent'],
  ])('«%s» (%s) opts out', (text) => expect(keyword(text)).toBe('stop'));

  it.each([
    ['STАРТ', 'Latin ST, Cyrillic АРТ'],
    ['CTAPT', 'all Latin, drawn like СТАРТ'],
    ['ПOДПИCATЬCЯ', 'Latin O, C, T among Cyrillic'],
    ['подпиcаться', 'one Latin c'],
  ])('«%s» (%s) opts back in', (text) => expect(keyword(text)).toBe('start'));

  it('folds ё into е: a keyword list written with ё matches a reply with е and back', () => {
    expect(keywordOf('ещё', { stop: ['ЕЩЕ'], start: [] })).toBe('stop');
    expect(keywordOf('еще', { stop: ['ещё'], start: [] })).toBe('stop');
  });

  it.each([
    'не стоп',
    'остановите доставку',
    'stop sending me the wrong size',
    'Стоп, а где мой заказ?',
    'пожалуйста отпишите меня от рассылки',
    'стоп1',
    'STOPP',
    'Спасибо',
    '',
    '   ',
    '!!!',
    `${'стоп '.repeat(30)}`,
  ])('«%s» is no keyword: a person reads it', (text) => expect(keyword(text)).toBeNull());

  it('takes the lists it is given: a word is a keyword only when it is in them', () => {
    const custom = { stop: ['ХВАТИТ'], start: ['ВЕРНИТЕ'] };
    expect(keywordOf('хватит!', custom)).toBe('stop');
    expect(keywordOf('Верните', custom)).toBe('start');
    expect(keywordOf('STOP', custom)).toBeNull();
    expect(keywordOf('STOP', { stop: [], start: [] })).toBeNull();
  });
});

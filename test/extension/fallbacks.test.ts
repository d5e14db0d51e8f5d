import { afterAll, describe, expect, it } from 'vitest';
import { readContact } from '../../extension/crm/read-contact';
import type { ContactRead, CrmAdapter } from '../../extension/crm/types';
import { closePages, loadPage, services } from './load-page';

/**
 * The fallback layer, kind by kind, on small inline snippets: the mechanism, not a CRM (the CRMs' own pages
 * are in their adapters' tests). The adapter here has no rules at all, so everything read is a fallback.
 */
afterAll(closePages);

const noRules: CrmAdapter = {
  id: 'bare',
  name: 'Bare CRM',
  url: /\/card\/(\d+)$/,
  ready: '.card',
  card: ['.card'],
  fields: {},
  phones: [],
  button: { anchor: ['.card'], append: 'last' },
};

async function fallback(card: string): Promise<ContactRead> {
  const { document, url } = loadPage(`<!doctype html><body><div class="card">${card}</div></body>`, 'https://crm.example.org/card/7');
  return (await readContact(noRules, document, url, services))!;
}
const numbers = (read: ContactRead) => read.phones.map(({ number, type }) => ({ number, type }));

describe('labelled text fields (Russian and English labels)', () => {
  it.each([
    ['<label for="x">Город</label><input id="x" value="Казань">', 'city', 'Казань', 'label[for]'],
    ['<label>City <input value="Kazan"></label>', 'city', 'Kazan', 'label around'],
    ['<input aria-label="E-mail" value="anna@example.org">', 'email', 'anna@example.org', 'aria-label'],
    ['<span id="l1">Ответственный</span><input aria-labelledby="l1" value="Иванов">', 'owner', 'Иванов', 'aria-labelledby'],
    ['<div class="field"><span class="caption">Компания</span><span class="value">ООО «Ромашка»</span></div>', 'account', 'ООО «Ромашка»', 'caption'],
    ['<div><div class="label"><span>Фамилия</span></div><div class="control"><input value="Смирнова"></div></div>', 'lastName', 'Смирнова', 'caption'],
    ['<dl><dt>First name</dt><dd>Anna</dd></dl>', 'firstName', 'Anna', 'dt/dd'],
    ['<table><tr><th>Account</th><td>Lutik LLC</td></tr></table>', 'account', 'Lutik LLC', 'th/td'],
    ['<label for="s">Город:</label><select id="s"><option>Москва</option><option selected>Самара</option></select>', 'city', 'Самара', 'label[for]'],
    ['<label for="n">ФИО <span class="required">*</span></label><input id="n" value="Смирнова Анна">', 'name', 'Смирнова Анна', 'label[for]'],
  ] as const)('%s → %s', async (html, field, value, via) => {
    const read = await fallback(html);
    expect(read.fields[field]).toBe(value);
    expect(read.layers[field]).toBe('fallback');
    expect(read.provenance[field]).toContain(`(${via}) in card .card`);
  });

  it('a label matches without case, spacing or a trailing colon / asterisk, but not a longer or a different text', async () => {
    expect((await fallback('<label for="c">  ГОРОД : </label><input id="c" value="Уфа">')).fields.city).toBe('Уфа');
    expect((await fallback('<label for="c">Город доставки</label><input id="c" value="Уфа">')).fields.city).toBeUndefined();
  });

  it('the first field so labelled counts: an empty one is not skipped for a same-named field further down', async () => {
    const read = await fallback(
      '<label for="a">Name</label><input id="a" value=""><fieldset><legend>Address</legend><label for="b">Name</label><input id="b" value="Building 5"></fieldset>',
    );
    expect(read.fields.name).toBeUndefined();
  });

  it('a header row is not a field: th next to th, dt without its dd', async () => {
    const read = await fallback('<table><tr><th>Name</th><th>City</th></tr><tr><td>A</td><td>B</td></tr></table><dl><dt>City</dt></dl>');
    expect(read.fields.name).toBeUndefined();
    expect(read.fields.city).toBeUndefined();
  });

  it('what a CRM shows in an empty field (dashes, «Не указан», "No owner") is no value', async () => {
    for (const empty of ['--', '—', '-', 'Не указан', 'No owner']) {
      expect((await fallback(`<dl><dt>Ответственный</dt><dd>${empty}</dd></dl>`)).fields.owner, empty).toBeUndefined();
    }
  });

  it("a user or a company shown as a link with details beside it: the link's text; blocks are not run together", async () => {
    const owner = await fallback('<div><span>Ответственный</span></div><div><a href="/user/1">Анна Смирнова</a><div>Руководитель отдела продаж</div></div>');
    expect(owner.fields.owner).toBe('Анна Смирнова');
    const city = await fallback('<div><span>Город</span></div><div><div>Казань</div><div>Татарстан</div></div>');
    expect(city.fields.city).toBe('Казань Татарстан');
  });

  it('an e-mail is the address: from a mailto: link, or the first address in the text', async () => {
    expect((await fallback('<dl><dt>E-mail</dt><dd><span>Рабочий</span> <a href="mailto:anna@example.org?subject=Hi">написать</a></dd></dl>')).fields.email).toBe(
      'anna@example.org',
    );
    expect((await fallback('<dl><dt>Email</dt><dd>Рабочий: anna@example.org</dd></dl>')).fields.email).toBe('anna@example.org');
  });

  it("a picker: an empty read-only focus input beside the chosen item's text gives the text", async () => {
    const read = await fallback(
      '<div><label><span>Ответственный</span></label></div><div><ul><li><input type="text" readonly><span>Анна Смирнова</span></li></ul></div>',
    );
    expect(read.fields.owner).toBe('Анна Смирнова');
    // An editable empty field is empty, whatever is written beside it.
    expect((await fallback('<div><span>Город</span></div><div><input type="text" value=""><small>например, Казань</small></div>')).fields.city).toBeUndefined();
  });

  it('a labelled text longer than a field is a block of the page, not a value', async () => {
    expect((await fallback(`<span>Компания</span><div>${'очень длинный текст '.repeat(30)}</div>`)).fields.account).toBeUndefined();
  });
});

describe('phones', () => {
  it('typed by their labels: Мобильный / Рабочий / Домашний / Телефон and Mobile / Work / Home / Phone', async () => {
    const ru = await fallback(`
      <label for="m">Мобильный телефон</label><input id="m" value="+7 912 345-67-89">
      <label for="w">Рабочий</label><input id="w" value="8 (495) 123-45-67">
      <label for="h">Домашний</label><input id="h" value="+7 843 200-10-20">
      <label for="o">Телефон</label><input id="o" value="+7 917 000-00-01">`);
    expect(numbers(ru)).toEqual([
      { number: '+7 912 345-67-89', type: 'mobile' },
      { number: '8 (495) 123-45-67', type: 'work' },
      { number: '+7 843 200-10-20', type: 'home' },
      { number: '+7 917 000-00-01', type: 'other' },
    ]);
    expect(ru.phones[0]!.source).toBe('fallback: phone labelled «Мобильный телефон» (label[for]) in card .card');
    const en = await fallback(`
      <dl><dt>Mobile</dt><dd>+1 415 555 0101</dd><dt>Work</dt><dd><a href="tel:+14155550102">call</a></dd></dl>
      <table><tr><th>Home</th><td>+1 415 555 0103</td></tr><tr><th>Phone</th><td>+1 415 555 0104</td></tr></table>`);
    expect(numbers(en)).toEqual([
      { number: '+1 415 555 0101', type: 'mobile' },
      { number: '+14155550102', type: 'work' },
      { number: '+1 415 555 0103', type: 'home' },
      { number: '+1 415 555 0104', type: 'other' },
    ]);
    expect(en.layers.phones).toBe('fallback');
  });

  it("a type chooser before the number: the chosen <option>, or a custom select's button (its list of choices labels nothing)", async () => {
    const select = await fallback(`
      <div class="row"><select><option>Рабочий</option><option selected>Мобильный</option></select><input type="tel" value="+7 912 345-67-89"></div>
      <div class="row"><select><option selected>Рабочий</option><option>Мобильный</option></select><input type="tel" value="+7 843 210-55-00"></div>`);
    expect(numbers(select)).toEqual([
      { number: '+7 912 345-67-89', type: 'mobile' },
      { number: '+7 843 210-55-00', type: 'work' },
    ]);
    const custom = await fallback(`
      <div class="field">
        <div class="label"><div class="select"><ul><li><span>Рабочий</span></li><li><span>Мобильный</span></li></ul><button type="button"><span>Мобильный</span></button><input type="hidden" value="386753"></div></div>
        <div class="value"><input type="text" value="+7 912 345-67-89"></div>
      </div>`);
    expect(numbers(custom)).toEqual([{ number: '+7 912 345-67-89', type: 'mobile' }]);
  });

  it('a caption and its number in one element: «Мобильный: <a href="tel:…">»', async () => {
    expect(numbers(await fallback('<li>Мобильный: <a href="tel:+79123456789">+7 912 345-67-89</a></li>'))).toEqual([{ number: '+79123456789', type: 'mobile' }]);
  });

  it('a labelled value with words around the number gives the number; one without digits gives none', async () => {
    expect(numbers(await fallback('<dl><dt>Телефон</dt><dd>+7 912 345-67-89 (после 18:00)</dd></dl>'))).toEqual([{ number: '+7 912 345-67-89', type: 'other' }]);
    expect((await fallback('<dl><dt>Телефон</dt><dd>не указан</dd></dl>')).phones).toEqual([]);
  });

  it('tel:, sms: and callto: links, each number once', async () => {
    const read = await fallback(
      '<a href="tel:+7%20912%20345-67-89">позвонить</a><a href="sms:+79123456789?body=hi">SMS</a><a href="callto://+74951234567">Skype</a><a href="mailto:a@b.c">mail</a>',
    );
    expect(numbers(read)).toEqual([
      { number: '+7 912 345-67-89', type: 'other' },
      { number: '+74951234567', type: 'other' },
    ]);
    expect(read.provenance.phones).toBe('fallback: tel:/sms:/callto: link in card .card');
  });

  it('phone-shaped text only when nothing labelled or linked was found; not in scripts or hidden parts', async () => {
    const text = await fallback('<p>Клиент просил звонить на 8 912 765-43-21.</p><p hidden>+7 900 000-00-00</p><script>var x = "+7 911 111-11-11"</script>');
    expect(numbers(text)).toEqual([{ number: '8 912 765-43-21', type: 'other' }]);
    expect(text.provenance.phones).toBe('fallback: phone-shaped text in card .card');
    const linked = await fallback('<p>Ещё: 8 912 765-43-21</p><a href="tel:+79001112233">x</a>');
    expect(numbers(linked)).toEqual([{ number: '+79001112233', type: 'other' }]);
  });

  it('the text looked through is bounded: a number past the first 20,000 characters is not read', async () => {
    const filler = `<p>${'слово '.repeat(4000)}</p>`;
    expect((await fallback(`${filler}<p>8 912 765-43-21</p>`)).phones).toEqual([]);
    expect(numbers(await fallback(`<p>8 912 765-43-21</p>${filler}`))).toEqual([{ number: '8 912 765-43-21', type: 'other' }]);
  });
});

describe("what CRMs put beside and around a value (reported by the adapters' authors)", () => {
  it("a company link with its phone beside it (Bitrix24's client box): the link's text only", async () => {
    const read = await fallback(
      '<div><span>Компания</span></div><div><div class="box"><a href="/crm/company/details/3/">ООО «Ромашка»</a><div class="phone"><span>+7 (843) 200-00-00</span></div></div></div>',
    );
    expect(read.fields.account).toBe('ООО «Ромашка»');
  });

  it("amoCRM's responsible-user picker: an empty read-only focus input and a checked hidden box beside the name", async () => {
    const read = await fallback(`
      <div class="label"><label for=""><span>Ответственный</span></label></div>
      <div class="value"><ul><li data-title="Анна Смирнова"><input type="text" class="js-focuser" readonly="readonly"><span>Анна Смирнова</span><input type="checkbox" checked class="hidden" value="8123456"></li></ul></div>`);
    expect(read.fields.owner).toBe('Анна Смирнова');
  });

  it("an input hidden by attribute (or inside a hidden element) is no value: a type picker's type id is not a phone", async () => {
    for (const hidden of [
      '<input type="text" hidden value="386753">',
      '<span hidden><input type="text" value="386753"></span>',
      '<input type="text" aria-hidden="true" value="386753">',
    ]) {
      const read = await fallback(`
        <div class="field">
          <div class="label"><div class="select"><button type="button"><span>Мобильный</span></button>${hidden}</div></div>
          <div class="value"><input type="text" value="+7 912 345-67-89"></div>
        </div>`);
      expect(numbers(read), hidden).toEqual([{ number: '+7 912 345-67-89', type: 'mobile' }]);
    }
    const city = await fallback('<label for="c">Город</label><input id="c" type="text" hidden value="Казань"><input type="text" value="Уфа">');
    expect(city.fields.city).toBeUndefined();
  });

  it.each([
    ['Раб. тел.', 'work'],
    ['Раб.прямой', 'work'],
    ['Мобильный', 'mobile'],
    ['Другой', 'other'],
    ['Work phone', 'work'],
    ['Work DD', 'work'],
    ['Mobile', 'mobile'],
    ['Other', 'other'],
  ] as const)('amoCRM / Kommo phone type «%s» → %s', async (label, type) => {
    expect(numbers(await fallback(`<dl><dt>${label}</dt><dd>+7 912 345-67-89</dd></dl>`))).toEqual([{ number: '+7 912 345-67-89', type }]);
  });

  it.each(['Email раб.', 'Email личн.', 'Work email', 'Personal email', 'Other email'])('an e-mail labelled «%s»', async (label) => {
    expect((await fallback(`<dl><dt>${label}</dt><dd><input type="text" value="anna@example.org"></dd></dl>`)).fields.email).toBe('anna@example.org');
  });

  it('an e-mail without a label: a mailto: link, else an e-mail input, else an input holding only an address', async () => {
    const link = await fallback('<p><a href="mailto:anna%40example.org?subject=Hi">написать</a></p>');
    expect(link.fields.email).toBe('anna@example.org');
    expect(link.provenance.email).toBe('fallback: mailto: link in card .card');
    expect((await fallback('<input type="email" value="anna@example.org">')).fields.email).toBe('anna@example.org');
    const shaped = await fallback('<input type="text" value="Анна"><input type="text" value=" anna@example.org ">');
    expect(shaped.fields.email).toBe('anna@example.org');
    expect(shaped.provenance.email).toBe('fallback: e-mail-shaped value in card .card');
    // Words around an address are not an e-mail field's value; a labelled field comes first.
    expect((await fallback('<input type="text" value="пишите на anna@example.org">')).fields.email).toBeUndefined();
    expect((await fallback('<a href="mailto:boss@example.org">x</a><dl><dt>E-mail</dt><dd>anna@example.org</dd></dl>')).fields.email).toBe('anna@example.org');
  });

  it("an unlabelled e-mail only inside a recognised card: on the whole page it may be anyone's (a footer's address)", async () => {
    const noCard: CrmAdapter = { ...noRules, card: undefined, ready: '.card' };
    const html = '<!doctype html><body><div class="card"><p>Анна</p></div><footer><a href="mailto:info@crm.example.org">info@crm.example.org</a></footer></body>';
    const { document, url } = loadPage(html, 'https://crm.example.org/card/7');
    expect((await readContact(noCard, document, url, services))!.fields.email).toBeUndefined();
    // Positive control: labelled, it is read on the whole page too; the same link inside the card is read.
    const labelled = loadPage(html.replace('<footer>', '<footer>E-mail: '), 'https://crm.example.org/card/7');
    expect((await readContact(noCard, labelled.document, labelled.url, services))!.fields.email).toBe('info@crm.example.org');
    expect((await fallback('<a href="mailto:info@crm.example.org">написать</a>')).fields.email).toBe('info@crm.example.org');
  });

  it.each(['Responsible person', 'Responsible user', 'Ответственный'])('the owner labelled «%s»', async (label) => {
    expect((await fallback(`<dl><dt>${label}</dt><dd>Emily Stone</dd></dl>`)).fields.owner).toBe('Emily Stone');
  });

  it('phone-shaped text is the visible text with its pieces apart: a number then a "Home" label are not glued', async () => {
    const read = await fallback('<div class="row"><span class="number">+7 727 355 0111</span><span class="type">Home</span></div>');
    expect(numbers(read)).toEqual([{ number: '+7 727 355 0111', type: 'other' }]);
  });
});

describe('per-field fallback scopes beside the card', () => {
  const scoped: CrmAdapter = { ...noRules, fallbackScopes: { account: ['.linked', '.column'] } };
  const page = (card: string, linked: string) =>
    loadPage(
      `<!doctype html><body><div class="column"><div class="card">${card}</div><div class="linked">${linked}</div></div></body>`,
      'https://crm.example.org/card/7',
    );
  const readScoped = async (card: string, linked: string, adapter = scoped) => {
    const { document, url } = page(card, linked);
    return (await readContact(adapter, document, url, services))!;
  };
  const COMPANY =
    '<div><div>Компания</div><div><a href="/companies/3"><input type="text" value="ООО «Ромашка»"></a></div></div><dl><dt>Телефон</dt><dd>+7 843 200-00-00</dd></dl>';

  it('the field named is read from the scope when the card has none; provenance names the scope', async () => {
    const read = await readScoped('<dl><dt>Мобильный</dt><dd>+7 912 345-67-89</dd></dl>', COMPANY);
    expect(read.fields.account).toBe('ООО «Ромашка»');
    expect(read.layers.account).toBe('fallback');
    expect(read.provenance.account).toBe('fallback: field labelled «Компания» (caption) in scope .linked for account');
  });

  it("other fields and the phones stay inside the card: the scope's phone is not the contact's", async () => {
    const read = await readScoped('<p>Анна</p>', COMPANY);
    expect(read.fields.account).toBe('ООО «Ромашка»');
    expect(read.phones).toEqual([]);
    // Positive control: without the scope the company is not read at all, and with the company in the card its phone is.
    expect((await readScoped('<p>Анна</p>', COMPANY, noRules)).fields.account).toBeUndefined();
    expect(numbers(await readScoped(COMPANY, ''))).toEqual([{ number: '+7 843 200-00-00', type: 'other' }]);
  });

  it('the card comes first; scopes in their order; a scope missing from the page is skipped', async () => {
    const inCard = await readScoped('<dl><dt>Company</dt><dd>Lutik LLC</dd></dl>', COMPANY);
    expect(inCard.fields.account).toBe('Lutik LLC');
    expect(inCard.provenance.account).toContain('in card .card');
    const missing: CrmAdapter = { ...noRules, fallbackScopes: { account: ['.nowhere', '.linked'] } };
    expect((await readScoped('', COMPANY, missing)).provenance.account).toContain('in scope .linked for account');
  });
});

describe('«Не использовать SMS» / "Do not use SMS"', () => {
  it.each([
    ['<input type="checkbox" id="f" checked><label for="f">Не использовать SMS</label>', true, 'label[for]'],
    ['<label><input type="checkbox"> Не использовать SMS</label>', false, 'label around'],
    ['<div role="checkbox" aria-checked="true" aria-label="Do not use SMS"></div>', true, 'aria-label'],
    ['<span class="box"><input type="checkbox" checked></span><span class="caption">Do not use SMS</span>', true, 'caption'],
    ['<div class="row"><span>Не использовать SMS</span><span role="checkbox" aria-checked="false"></span></div>', false, 'caption'],
    // ExtJS (Creatio Classic) keeps the state in a class on the box's wrapper.
    ['<label for="cb">Не использовать SMS</label><span class="t-checkboxedit-wrap t-checkboxedit-checked"><input id="cb" type="checkbox"></span>', true, 'label[for]'],
    [
      '<div class="label-wrap"><label>Не использовать SMS</label></div><div class="control-wrap"><span class="t-checkboxedit-wrap t-checkboxedit-checked"><input type="checkbox"></span></div>',
      true,
      'caption',
    ],
    [
      '<div class="label-wrap"><label>Не использовать SMS</label></div><div class="control-wrap"><span class="t-checkboxedit-wrap t-checkboxedit-unchecked"><input type="checkbox"></span></div>',
      false,
      'caption',
    ],
  ] as const)('%s → %s', async (html, value, via) => {
    const read = await fallback(html);
    expect(read.doNotUseSms).toBe(value);
    expect(read.layers.doNotUseSms).toBe('fallback');
    expect(read.provenance.doNotUseSms).toContain(`(${via})`);
  });

  it('a label without a box beside it leaves the flag unknown', async () => {
    const read = await fallback('<p><span>Не использовать SMS</span><span>см. договор</span></p>');
    expect(read.doNotUseSms).toBeNull();
    expect(read.provenance.doNotUseSms).toBeNull();
  });
});

describe('the name from the page heading', () => {
  it("the adapter's heading selectors first (anywhere on the page), then the card's h1", async () => {
    const withHeading: CrmAdapter = { ...noRules, heading: ['.profile .title'] };
    const { document, url } = loadPage(
      '<!doctype html><body><header class="profile"><span class="title">Анна Смирнова</span></header><div class="card"><h1>Контакт</h1></div></body>',
      'https://crm.example.org/card/7',
    );
    const read = (await readContact(withHeading, document, url, services))!;
    expect(read.fields.name).toBe('Анна Смирнова');
    expect(read.provenance.name).toBe('fallback: page heading .profile .title');
    expect((await fallback('<h1> Анна  Смирнова </h1>')).fields.name).toBe('Анна Смирнова');
  });

  it('a heading without a letter or as long as a paragraph is not a name', async () => {
    expect((await fallback('<h1>12345</h1>')).fields.name).toBeUndefined();
    expect((await fallback(`<h1>${'А'.repeat(250)}</h1>`)).fields.name).toBeUndefined();
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { acceptAnswer, readGlobalPaths } from '../../extension/content/page-globals-protocol';
import { closePages, expectSource, load } from './load-page';

afterAll(closePages);

const USER_PATH = 'Terrasoft.SysValue.CURRENT_USER_CONTACT.displayValue';

describe('page-script globals (the main-world helper)', () => {
  it("Creatio's signed-in user comes from Terrasoft.SysValue, named as its source", async () => {
    const page = load('classicContact');
    Object.assign(page.window, { Terrasoft: { SysValue: { CURRENT_USER_CONTACT: { value: 'f1e2', displayValue: 'Смирнова Анна' } } } });
    const read = (await page.read())!;
    expect(read.fields.currentUser).toBe('Смирнова Анна');
    expectSource(read.provenance.currentUser, 'page global', USER_PATH);
  });

  it('BPMSoft (the Russian derivative) works the same; without either global the user stays unknown', async () => {
    const bpm = load('freedomRu');
    Object.assign(bpm.window, { BPMSoft: { SysValue: { CURRENT_USER_CONTACT: { displayValue: 'Козлов Пётр' } } } });
    expect((await bpm.read())!.fields.currentUser).toBe('Козлов Пётр');
    const none = (await load('freedomRu').read())!;
    expect(none.fields.currentUser).toBeUndefined();
    expect(none.provenance.currentUser).toBeNull();
  });

  it('reads properties only (never calls a function): short strings and numbers, no objects, no odd paths', () => {
    let called = false;
    const root = {
      a: { name: '  Анна ', count: 42, fn: () => 'x', obj: { x: 1 }, long: 'я'.repeat(301), nan: Number.NaN },
      get trap(): string {
        throw new Error('getter');
      },
      get calls() {
        called = true;
        return 'read';
      },
    };
    expect(readGlobalPaths(root, ['a.name', 'a.count', 'a.fn', 'a.obj', 'a.long', 'a.nan', 'trap.x', 'a.missing.deep', 'a["name"]', 'calls'])).toEqual({
      'a.name': 'Анна',
      'a.count': '42',
      calls: 'read',
    });
    expect(called).toBe(true);
  });

  it("an answer counts only with the question's id, for the paths asked, as short strings", () => {
    const paths = ['x.user'];
    const answer = (id: string, values: unknown) => JSON.stringify({ id, values });
    expect(acceptAnswer(answer('q1', { 'x.user': 'Анна' }), 'q1', paths)).toEqual({ 'x.user': 'Анна' });
    expect(acceptAnswer(answer('forged', { 'x.user': 'Анна' }), 'q1', paths)).toBeNull();
    expect(acceptAnswer(answer('q1', { 'x.user': { toString: 1 }, 'send.to': '+79120000000' }), 'q1', paths)).toEqual({});
    expect(acceptAnswer('not json', 'q1', paths)).toBeNull();
    expect(acceptAnswer(answer('q1', { 'x.user': 'я'.repeat(301) }), 'q1', paths)).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { TextColumn } from '../../relay/contacts/text-column';

describe('a dictionary-encoded text column', () => {
  it('keeps every slot’s value when its value numbers outgrow 16 bits', () => {
    const column = new TextColumn();
    const count = 70_000;
    for (let slot = 0; slot < count; slot++) column.assign(slot, column.intern(`olga.ivanova${slot}@example.ru`));
    for (let slot = 0; slot < count; slot += 7) expect(column.lowerAt(slot)).toBe(`olga.ivanova${slot}@example.ru`);
    expect(column.lowerAt(count - 1)).toBe(`olga.ivanova${count - 1}@example.ru`);
    const { starts, slots } = column.postings();
    const id = column.idOf(69_999);
    expect(id).toBeGreaterThan(0xffff);
    expect([...slots.subarray(starts[id]!, starts[id + 1]!)]).toEqual([69_999]);
    // A value that several slots share is held once.
    column.assign(count, column.intern('OLGA.IVANOVA5@example.ru'));
    expect(column.idOf(count)).toBe(column.idOf(5));
    expect(column.usesOf(column.idOf(5))).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { createSandboxReplies, SANDBOX_OTHER_TEXT, SANDBOX_STOP_TEXT } from '../../relay/providers/sandbox-replies';

const T0 = Date.parse('2026-11-24T10:00:00Z');
const phone = (i: number) => `7916000000${i}`;

describe('the sandbox answering mailing messages', () => {
  it('answers exactly the share asked, «СТОП» in exactly its share of the answers, each once and only when its time has come', () => {
    const replies = createSandboxReplies({ replyRate: 0.5, stopShare: 0.5, afterMs: 1_000 });
    for (let i = 0; i < 8; i++) replies.consider({ to: phone(i), sentAt: T0 });
    expect(replies.due(T0 + 999)).toEqual([]);
    const answers = replies.due(T0 + 1_000);
    expect(answers).toHaveLength(4);
    expect(answers.filter((a) => a.text === SANDBOX_STOP_TEXT)).toHaveLength(2);
    expect(answers.filter((a) => a.text === SANDBOX_OTHER_TEXT)).toHaveLength(2);
    expect(new Set(answers.map((a) => a.from)).size).toBe(4);
    expect(new Set(answers.map((a) => a.providerMessageId)).size).toBe(4);
    expect(replies.due(T0 + 60_000)).toEqual([]);
  });

  it('answers nothing at the default rate, and everything at rate 1', () => {
    const silent = createSandboxReplies({ replyRate: 0, stopShare: 1, afterMs: 0 });
    const chatty = createSandboxReplies({ replyRate: 1, stopShare: 1, afterMs: 0 });
    for (let i = 0; i < 5; i++) {
      silent.consider({ to: phone(i), sentAt: T0 });
      chatty.consider({ to: phone(i), sentAt: T0 });
    }
    expect(silent.due(T0 + 1)).toEqual([]);
    expect(chatty.due(T0 + 1).map((a) => a.text)).toEqual(Array(5).fill(SANDBOX_STOP_TEXT));
  });
});

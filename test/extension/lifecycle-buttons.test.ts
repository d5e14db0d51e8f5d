import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { allowedActions } from '../../shared/lifecycle';
import { MAILING_STATUSES, noSkips, type MailingStats, type MailingStatus } from '../../shared/mailings';
import { analyticsPanel } from './support/analytics-panel';

let root: HTMLElement;
afterEach(() => {
  if (root) render(null, root);
  document.body.innerHTML = '';
});

const ACTION_BUTTONS = ['pause', 'resume', 'retry', 'cancel'] as const;

function buttonsShown(status: MailingStatus, failed: number): string[] {
  const stats: MailingStats = {
    status,
    totalParts: 0,
    cost: null,
    currency: null,
    progress: 0,
    unknownLookup: false,
    replies: 0,
    optOuts: 0,
    counters: { total: 2, queued: 0, sending: 0, sent: 0, delivered: 1, failed, unknown: 0, held: 0, skipped: noSkips() },
  };
  root = document.createElement('div');
  document.body.append(root);
  render(analyticsPanel(stats), root);
  const shown = ACTION_BUTTONS.filter((name) => root.querySelector(`[data-crm-sms="${name}"]`));
  render(null, root);
  return shown;
}

describe('the analytics buttons come from the shared lifecycle table', () => {
  it.each(MAILING_STATUSES.filter((s) => s !== 'draft'))('%s: the buttons are the actions the table allows', (status) => {
    expect(buttonsShown(status, 1).sort()).toEqual(
      allowedActions(status)
        .filter((a) => a !== 'launch')
        .sort(),
    );
  });

  it('«Повторить неудачные» only when something failed or is unknown', () => {
    expect(buttonsShown('finished', 0)).toEqual([]);
    expect(buttonsShown('paused', 0).sort()).toEqual(['cancel', 'resume']);
  });
});

import { percent } from '../../mailings/counters';

interface Props {
  ratio: number;
  label: string;
  name?: string;
}

/** A thin bar with its figure; `data-percent` says the same for tests and assistive tech reads the progressbar role. */
export function ProgressBar({ ratio, label, name }: Props) {
  const value = percent(ratio);
  return (
    <div class="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} data-crm-sms={name} data-percent={value}>
      <div class="progress-track">
        <div class="progress-fill" style={{ width: `${value}%` }} />
      </div>
      <span class="progress-label">{label}</span>
    </div>
  );
}

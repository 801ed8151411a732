/**
 * @module
 * One purpose as a labelled switch (a checkbox with role "switch", WAI-ARIA APG) and its
 * description. A required purpose is shown on and locked; a purpose GPC keeps off is shown off
 * and locked, with the reason in its description.
 */
export interface SwitchProps {
  id: string;
  label: string;
  description: string;
  checked: boolean;
  disabled?: boolean;
  /** Shown after the description, e.g. "Always on". */
  note?: string;
  onChange(checked: boolean): void;
}

export function Switch(p: SwitchProps) {
  const input = `pf-p-${p.id}`;
  return (
    <div class="sw">
      <input
        id={input}
        type="checkbox"
        role="switch"
        checked={p.checked}
        aria-checked={p.checked}
        disabled={p.disabled}
        aria-describedby={`${input}-d`}
        onChange={(e) => p.onChange(e.currentTarget.checked)}
      />
      <div>
        <label for={input}>{p.label}</label>
        <p class="d" id={`${input}-d`}>
          {p.description}
          {p.note ? ` (${p.note})` : ""}
        </p>
      </div>
    </div>
  );
}

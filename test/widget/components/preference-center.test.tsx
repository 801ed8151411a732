import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { textIn } from "../../../shared/text.ts";
import {
  PreferenceCenter,
  type PreferenceCenterProps,
} from "../../../widget/components/preference-center.tsx";
import { EN } from "../../../widget/i18n.ts";
import { demoConfig, record } from "../fixtures.ts";

afterEach(cleanup);

const config = demoConfig();
function props(extra: Partial<PreferenceCenterProps> = {}): PreferenceCenterProps {
  return {
    config,
    t: EN,
    tx: (x) => textIn(x, "en", "en"),
    locale: "en",
    gpc: false,
    persistent: true,
    consent: {},
    answers: {},
    stored: undefined,
    segments: [],
    onSave: vi.fn(),
    onAll: vi.fn(),
    onWithdraw: vi.fn(),
    onDelete: vi.fn(),
    onClose: vi.fn(),
    ...extra,
  };
}

describe("PreferenceCenter", () => {
  it("should be a modal dialog named by its heading, focused when it opens", () => {
    render(<PreferenceCenter {...props()} />);
    const dialog = screen.getByRole("dialog", { name: "Privacy preferences" });
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(document.activeElement).toBe(dialog);
  });

  it("should close on Escape", () => {
    const p = props();
    render(<PreferenceCenter {...p} />);
    fireEvent.keyDown(screen.getByRole("dialog"), { key: "Escape" });
    expect(p.onClose).toHaveBeenCalledTimes(1);
  });

  it("should trap focus: Tab on the last control goes to the first, Shift+Tab back", () => {
    render(<PreferenceCenter {...props({ stored: record() })} />);
    const buttons = screen.getAllByRole("button");
    const first = buttons[0] as HTMLElement;
    const last = buttons[buttons.length - 1] as HTMLElement;
    expect(last.textContent).toBe("Delete my data");
    last.focus();
    fireEvent.keyDown(last, { key: "Tab" });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first, { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(last);
  });

  it("should list every purpose as a switch with nothing ticked but the required one", () => {
    render(<PreferenceCenter {...props()} />);
    const switches = screen.getAllByRole("switch") as HTMLInputElement[];
    expect(switches).toHaveLength(config.purposes.length);
    expect(switches.map((s) => s.checked)).toEqual([true, false, false, false]);
  });

  it("should save the chosen purposes and answers", () => {
    const p = props();
    render(<PreferenceCenter {...p} />);
    fireEvent.click(screen.getByRole("switch", { name: "Anonymous audience counts" }));
    fireEvent.click(screen.getByRole("checkbox", { name: "Cycling" }));
    fireEvent.click(screen.getByRole("radio", { name: "5: Whatever it takes" }));
    fireEvent.click(screen.getByRole("button", { name: "Save choices" }));
    expect(p.onSave).toHaveBeenCalledWith(
      { analytics: true },
      { interests: ["cycling"], budget: 5 },
    );
  });

  it("should keep the answers on Accept all and Reject all", () => {
    const p = props({ answers: { level: "pro" } });
    render(<PreferenceCenter {...p} />);
    fireEvent.click(screen.getByRole("button", { name: "Reject all" }));
    expect(p.onAll).toHaveBeenCalledWith(false, { level: "pro" });
  });

  it("should say what is stored, or that nothing is", () => {
    render(<PreferenceCenter {...props()} />);
    expect(screen.getByText("Nothing is stored on this device.")).toBeTruthy();
    cleanup();
    const p = props({ stored: record() });
    render(<PreferenceCenter {...p} />);
    expect(screen.getByText(/You decided on/)).toBeTruthy();
    expect(screen.queryByText(/"site": "demo"/)).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Withdraw consent" }));
    fireEvent.click(screen.getByRole("button", { name: "Delete my data" }));
    expect((p.onDelete as ReturnType<typeof vi.fn>).mock.calls.length).toBe(0);
    fireEvent.click(screen.getByRole("button", { name: EN.confirmYes }));
    expect(
      [p.onWithdraw, p.onDelete].map((f) => (f as ReturnType<typeof vi.fn>).mock.calls.length),
    ).toEqual([1, 1]);
  });

  it("should say GPC is honoured and lock sale-or-share purposes off", () => {
    render(<PreferenceCenter {...props({ gpc: true, consent: { advertising: true } })} />);
    expect(screen.getByText(EN.gpc)).toBeTruthy();
    const ads = screen.getByRole("switch", {
      name: "Sharing with advertising partners",
    }) as HTMLInputElement;
    expect([ads.checked, ads.disabled]).toEqual([false, true]);
  });

  it("should say nothing is kept when storage is not persistent", () => {
    render(<PreferenceCenter {...props({ persistent: false })} />);
    expect(screen.getByText(/does not let us keep your choices/)).toBeTruthy();
  });
});

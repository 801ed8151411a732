import { cleanup, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { textIn } from "../../../shared/text.ts";
import { App, type AppProps } from "../../../widget/components/app.tsx";
import { widgetTexts } from "../../../widget/i18n.ts";
import { demoConfig, record } from "../fixtures.ts";

afterEach(cleanup);

function props(extra: Partial<AppProps> = {}): AppProps {
  return {
    config: demoConfig(),
    t: widgetTexts("en"),
    tx: (x) => textIn(x, "en", "en"),
    locale: "en",
    gpc: false,
    persistent: true,
    asking: true,
    open: false,
    record: undefined,
    stored: undefined,
    notice: "",
    onAll: vi.fn(),
    onSave: vi.fn(),
    onOpen: vi.fn(),
    onClose: vi.fn(),
    onWithdraw: vi.fn(),
    onDelete: vi.fn(),
    ...extra,
  };
}

describe("App", () => {
  it("should show the banner while asking, naming every optional purpose", () => {
    render(<App {...props()} />);
    expect(screen.getByRole("region")).toBeTruthy();
    expect(
      screen.getByText(
        /Anonymous audience counts, Personalised shop, Sharing with advertising partners/,
      ),
    ).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Privacy preferences" })).toBeNull();
  });

  it("should show only the launcher once decided", () => {
    render(<App {...props({ asking: false, record: record(), stored: record() })} />);
    expect(screen.queryByRole("region")).toBeNull();
    expect(screen.getAllByRole("button").map((b) => b.textContent)).toEqual([
      "Privacy preferences",
    ]);
  });

  it("should keep the banner under the open preference center, so Customize can get focus back", () => {
    render(<App {...props({ open: true })} />);
    expect(screen.getByRole("dialog")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Customize" })).toBeTruthy();
  });

  it("should start the preference center with required purposes on, so their questions can be answered", () => {
    const config = demoConfig();
    const [first, second] = config.questions;
    if (!first || !second) throw new Error("demo config has questions");
    first.purpose = "necessary"; // a required purpose
    second.purpose = "personalisation"; // an optional one, off until switched on
    render(<App {...props({ config, open: true })} />);
    const group = (q: typeof first) =>
      screen.getByRole("group", { name: textIn(q.label, "en", "en") });
    expect((group(first) as HTMLFieldSetElement).disabled).toBe(false);
    expect((group(second) as HTMLFieldSetElement).disabled).toBe(true);
  });

  it("should announce notices in a polite status region", () => {
    render(<App {...props({ asking: false, notice: "Your choices were saved." })} />);
    expect(screen.getByRole("status").textContent).toBe("Your choices were saved.");
  });
});

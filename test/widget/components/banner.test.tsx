import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Banner, type BannerProps } from "../../../widget/components/banner.tsx";

afterEach(cleanup);

const props = (extra: Partial<BannerProps> = {}): BannerProps => ({
  title: "Your choices",
  description: "We ask because…",
  asks: "We ask your consent for: counting.",
  labels: { acceptAll: "Accept all", rejectAll: "Reject all", customize: "Customize" },
  onAccept: vi.fn(),
  onReject: vi.fn(),
  onCustomize: vi.fn(),
  ...extra,
});

describe("Banner", () => {
  it("should be a labelled region, not a modal dialog", () => {
    render(<Banner {...props()} />);
    expect(screen.getByRole("region", { name: "Your choices" })).toBeTruthy();
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(screen.getByText("We ask your consent for: counting.")).toBeTruthy();
  });

  it("should offer the three choices as buttons of the same style, in this order", () => {
    render(<Banner {...props()} />);
    const buttons = screen.getAllByRole("button");
    expect(buttons.map((b) => b.textContent)).toEqual(["Accept all", "Reject all", "Customize"]);
    expect(new Set(buttons.map((b) => b.className)).size).toBe(1);
  });

  it("should call the matching handler for each button", () => {
    const p = props();
    render(<Banner {...p} />);
    fireEvent.click(screen.getByRole("button", { name: "Reject all" }));
    fireEvent.click(screen.getByRole("button", { name: "Accept all" }));
    fireEvent.click(screen.getByRole("button", { name: "Customize" }));
    expect(
      [p.onReject, p.onAccept, p.onCustomize].map(
        (f) => (f as ReturnType<typeof vi.fn>).mock.calls.length,
      ),
    ).toEqual([1, 1, 1]);
  });

  it("should show the GPC note, the no-storage note and the policy link when given", () => {
    render(
      <Banner
        {...props({
          gpc: "GPC honoured",
          noStorage: "Nothing kept",
          policy: { url: "https://x.example/p", label: "Privacy policy" },
        })}
      />,
    );
    expect(screen.getByText("GPC honoured")).toBeTruthy();
    expect(screen.getByText("Nothing kept")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Privacy policy" }).getAttribute("href")).toBe(
      "https://x.example/p",
    );
  });
});

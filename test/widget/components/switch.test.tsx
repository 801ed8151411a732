import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Switch } from "../../../widget/components/switch.tsx";

afterEach(cleanup);

describe("Switch", () => {
  it("should be a switch named by its label and described by its description", () => {
    render(
      <Switch id="a" label="Analytics" description="Counts" checked={false} onChange={() => {}} />,
    );
    const sw = screen.getByRole("switch", { name: "Analytics" }) as HTMLInputElement;
    expect(sw.checked).toBe(false);
    const described = document.getElementById(sw.getAttribute("aria-describedby") ?? "");
    expect(described?.textContent).toBe("Counts");
  });

  it("should report the new state on change", () => {
    const onChange = vi.fn();
    render(
      <Switch id="a" label="Analytics" description="Counts" checked={false} onChange={onChange} />,
    );
    fireEvent.click(screen.getByRole("switch"));
    expect(onChange).toHaveBeenCalledWith(true);
  });

  it("should show a locked switch with its note", () => {
    render(
      <Switch
        id="n"
        label="Necessary"
        description="Needed"
        checked
        disabled
        note="Always on"
        onChange={() => {}}
      />,
    );
    const sw = screen.getByRole("switch") as HTMLInputElement;
    expect([sw.checked, sw.disabled]).toEqual([true, true]);
    expect(screen.getByText("Needed (Always on)")).toBeTruthy();
  });
});

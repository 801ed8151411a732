import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Launcher } from "../../../widget/components/launcher.tsx";

afterEach(cleanup);

describe("Launcher", () => {
  it("should be a named button that opens the preference center", () => {
    const onOpen = vi.fn();
    render(<Launcher label="Privacy preferences" onOpen={onOpen} />);
    const button = screen.getByRole("button", { name: "Privacy preferences" });
    expect(button.getAttribute("aria-haspopup")).toBe("dialog");
    fireEvent.click(button);
    expect(onOpen).toHaveBeenCalledTimes(1);
  });
});

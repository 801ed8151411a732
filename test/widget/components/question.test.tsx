import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Question as Q, Text } from "../../../shared/schema.ts";
import { Question } from "../../../widget/components/question.tsx";

afterEach(cleanup);

const tx = (t: Text | undefined) => (typeof t === "string" ? t : (t?.en ?? ""));
const base = { sensitive: false } as const;
const single: Q = {
  ...base,
  id: "level",
  label: "Level",
  kind: "single",
  options: [
    { id: "a", label: "A" },
    { id: "b", label: "B" },
  ],
};
const multiple: Q = {
  ...base,
  id: "sports",
  label: "Sports",
  kind: "multiple",
  options: [
    { id: "run", label: "Run" },
    { id: "swim", label: "Swim" },
  ],
};
const scale: Q = {
  ...base,
  id: "budget",
  label: "Budget",
  kind: "scale",
  min: 1,
  max: 3,
  minLabel: "Low",
  maxLabel: "High",
};

describe("Question", () => {
  it("should render a single choice as radios in a named group, starting unanswered", () => {
    render(
      <Question
        question={single}
        value={undefined}
        tx={tx}
        noAnswer="No answer"
        onChange={() => {}}
      />,
    );
    expect(screen.getByRole("group", { name: "Level" })).toBeTruthy();
    const radios = screen.getAllByRole("radio") as HTMLInputElement[];
    expect(radios.map((r) => r.checked)).toEqual([true, false, false]);
    expect(screen.getByRole("radio", { name: "No answer" })).toBeTruthy();
  });

  it("should report a picked option, and no answer", () => {
    const onChange = vi.fn();
    render(
      <Question question={single} value="a" tx={tx} noAnswer="No answer" onChange={onChange} />,
    );
    fireEvent.click(screen.getByRole("radio", { name: "B" }));
    fireEvent.click(screen.getByRole("radio", { name: "No answer" }));
    expect(onChange.mock.calls).toEqual([["b"], [undefined]]);
  });

  it("should render multiple choice as checkboxes, adding and removing options", () => {
    const onChange = vi.fn();
    render(
      <Question
        question={multiple}
        value={["run"]}
        tx={tx}
        noAnswer="No answer"
        onChange={onChange}
      />,
    );
    expect((screen.getByRole("checkbox", { name: "Run" }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole("checkbox", { name: "Swim" }));
    fireEvent.click(screen.getByRole("checkbox", { name: "Run" }));
    expect(onChange.mock.calls).toEqual([[["run", "swim"]], [undefined]]);
  });

  it("should render a scale as named radios with its end labels", () => {
    const onChange = vi.fn();
    render(
      <Question
        question={scale}
        value={undefined}
        tx={tx}
        noAnswer="No answer"
        onChange={onChange}
      />,
    );
    expect(screen.getAllByRole("radio").map((r) => r.parentElement?.textContent)).toEqual([
      "No answer",
      "1: Low",
      "2",
      "3: High",
    ]);
    fireEvent.click(screen.getByRole("radio", { name: "2" }));
    expect(onChange).toHaveBeenCalledWith(2);
  });

  it("should disable the whole question when asked", () => {
    render(
      <Question
        question={single}
        value={undefined}
        tx={tx}
        noAnswer="No answer"
        disabled
        onChange={() => {}}
      />,
    );
    expect((screen.getByRole("group") as HTMLFieldSetElement).disabled).toBe(true);
  });
});

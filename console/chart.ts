/**
 * Time-series charts for the analytics page, drawn by uPlot (an npm
 * dependency bundled into app.js: no network, no inline style element —
 * it sizes its elements through element.style, which the console's CSP
 * allows). One chart per figure group; a null value is a gap.
 */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { h } from "./dom.ts";

export interface Series {
  label: string;
  values: (number | null)[];
  color: string;
}

const HEIGHT = 200;

/** The width a chart gets inside its figure (a phone's screen less the paddings). */
function widthOf(figure: HTMLElement): number {
  return Math.max(200, Math.min(figure.clientWidth, 900) - 20);
}

/**
 * A line chart of `series` over `times` (UTC instants) in a figure with a
 * caption; returns the figure and how to free it.
 */
export function lineChart(
  host: HTMLElement,
  title: string,
  times: Date[],
  series: Series[],
): { figure: HTMLElement; destroy(): void } {
  const figure = h("figure", { class: "chart", "aria-label": title }, h("figcaption", {}, title));
  host.append(figure);
  const data: uPlot.AlignedData = [times.map((t) => t.getTime() / 1000), ...series.map((s) => s.values)];
  const plot = new uPlot(
    {
      width: widthOf(figure),
      height: HEIGHT,
      scales: { x: { time: true } },
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          spanGaps: false,
          points: { show: true, size: 5 },
        })),
      ],
      axes: [{}, { size: 56 }],
    },
    data,
    figure,
  );
  const resize = () => plot.setSize({ width: widthOf(figure), height: HEIGHT });
  window.addEventListener("resize", resize);
  return {
    figure,
    destroy() {
      window.removeEventListener("resize", resize);
      plot.destroy();
    },
  };
}

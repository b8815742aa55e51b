package dev.crucible.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class ChartTest {

    // ------------------------------------------------------------------ helpers

    /** Parses SVG text as XML with DTDs and external entities refused. */
    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        return b.parse(new InputSource(new StringReader(svg)));
    }

    private static List<Element> select(Document doc, String xpath) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODESET);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    private static List<String> texts(Document doc, String xpath) throws Exception {
        return select(doc, xpath).stream().map(Element::getTextContent).toList();
    }

    private static double attr(Element e, String name) {
        return Double.parseDouble(e.getAttribute(name));
    }

    /** The numbers of a path's d attribute, in order. */
    private static List<Double> numbers(String d) {
        List<Double> out = new ArrayList<>();
        Matcher m = Pattern.compile("-?\\d+(\\.\\d+)?").matcher(d);
        while (m.find()) {
            out.add(Double.parseDouble(m.group()));
        }
        return out;
    }

    /** The d attribute of the line of series {@code index}. */
    private static String seriesPath(Document doc, int index) throws Exception {
        return select(doc, "//g[@class='cc-series'][" + (index + 1) + "]/path").get(0).getAttribute("d");
    }

    /** The plot's left, top, bottom and right edges, read off the axis path "M left top V bottom H right". */
    private static double[] plotEdges(Document doc) throws Exception {
        List<Double> n = numbers(select(doc, "//path[@class='cc-axes']").get(0).getAttribute("d"));
        return new double[] {n.get(0), n.get(1), n.get(2), n.get(3)};
    }

    private static double[] seq(double... v) {
        return v;
    }

    // ------------------------------------------------------------------ structure and content

    @Test
    void svgParsesAndNamesEverything() throws Exception {
        String svg = Chart.of("Latency per second", Axis.linear("Time", "s"), Axis.linear("Latency", "ms"))
                .add(Series.line("p99", seq(0, 1, 2, 3), seq(5, 6, 5.5, 7)))
                .add(Series.of("p50", seq(0, 1, 2, 3), seq(1, 1.2, 1.1, 1.3), Style.STEP))
                .band(Band.of(0, 1, "warm-up"))
                .band(new Band(2, 2.5, "fault", "#D55E00"))
                .band(new Band(2.8, 3, "fault", "#D55E00"))
                .refLine(new RefLine(6.5, "SLO"))
                .svg();
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 720 320\" width=\"100%\""
                + " role=\"img\"");
        Document doc = parse(svg);
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(root.getAttribute("font-family")).contains("system-ui", "\"Segoe UI\"", "sans-serif");
        assertThat(((Element) root.getFirstChild().getNextSibling()).getTagName()).isEqualTo("title");
        assertThat(texts(doc, "/svg/title")).containsExactly("Latency per second");
        assertThat(texts(doc, "//text[@class='cc-title']")).containsExactly("Latency per second");
        assertThat(texts(doc, "//text[@class='cc-x-title']")).containsExactly("Time (s)");
        assertThat(texts(doc, "//text[@class='cc-y-title']")).containsExactly("Latency (ms)");
        // Each series, then each distinct band label once.
        assertThat(texts(doc, "//g[@class='cc-legend']/text")).containsExactly("p99", "p50", "warm-up", "fault");
        assertThat(texts(doc, "//text[@class='cc-band-label']")).containsExactly("warm-up", "fault", "fault");
        assertThat(texts(doc, "//text[@class='cc-ref-label']")).containsExactly("SLO");
        assertThat(select(doc, "//g[@class='cc-bands']/rect")).hasSize(3);
        assertThat(texts(doc, "//g[@class='cc-x-ticks']/text")).isNotEmpty();
        assertThat(texts(doc, "//g[@class='cc-y-ticks']/text")).containsExactly("0", "2", "4", "6", "8");
        assertThat(select(doc, "//path[@class='cc-grid']")).hasSize(1);
        // One path per line series, no element per point.
        assertThat(select(doc, "//g[@class='cc-series']/path")).hasSize(2);
        assertThat(select(doc, "//g[@class='cc-series']//circle")).isEmpty();
        // Nothing that would reach the network.
        assertThat(svg).doesNotContain("href", "<script", "url(", "@import", "<style");
    }

    @Test
    void coordinatesAreRoundedToOneDecimal() throws Exception {
        double[] x = new double[50];
        double[] y = new double[50];
        for (int i = 0; i < x.length; i++) {
            x[i] = i / 7.0;
            y[i] = Math.sin(i / 3.0) * 1000 / 3.0;
        }
        String svg = Chart.of("t", Axis.linear("x", ""), Axis.linear("y", "")).add(Series.line("s", x, y)).svg();
        Matcher coordinates = Pattern.compile(" (?:d|x|y|cx|cy|width|height|viewBox)=\"([^\"]*)\"").matcher(svg);
        int attributes = 0;
        while (coordinates.find()) {
            assertThat(coordinates.group(1)).doesNotContainPattern("\\d\\.\\d\\d").doesNotContain(".0 ");
            attributes++;
        }
        assertThat(attributes).isGreaterThan(10);
        assertThat(numbers(seriesPath(parse(svg), 0))).hasSize(100);
    }

    @Test
    void axisTitleWithoutUnitHasNoParentheses() {
        assertThat(Axis.linear("Ratio", "").label()).isEqualTo("Ratio");
        assertThat(Axis.linear("Ratio", null).label()).isEqualTo("Ratio");
        assertThat(Axis.log("Latency", "µs").label()).isEqualTo("Latency (µs)");
    }

    @Test
    void seriesWithoutColourTakeThePaletteInOrderAndColouredOnesKeepTheirs() throws Exception {
        Document doc = parse(Chart.of("t", Axis.linear("x", ""), Axis.linear("y", ""))
                .add(Series.line("a", seq(0, 1), seq(0, 1)))
                .add(Series.line("b", seq(0, 1), seq(1, 0)).withColor("#123456"))
                .add(Series.line("c", seq(0, 1), seq(0.5, 0.5)))
                .svg());
        List<String> strokes = select(doc, "//g[@class='cc-series']/path").stream()
                .map(e -> e.getAttribute("stroke")).toList();
        assertThat(strokes).containsExactly(Chart.PALETTE.get(0), "#123456", Chart.PALETTE.get(2));
    }

    @Test
    void dashedAndDotStylesRenderAsSuch() throws Exception {
        Document doc = parse(Chart.of("t", Axis.linear("x", ""), Axis.linear("y", ""))
                .add(Series.of("target", seq(0, 10), seq(5, 5), Style.DASHED))
                .add(Series.of("samples", seq(1, 2, 3), seq(4, 5, 6), Style.DOTS))
                .add(Series.of("both", seq(1, 2, 3), seq(1, 2, 3), Style.LINE_AND_DOTS))
                .svg());
        assertThat(select(doc, "//g[@class='cc-series'][1]/path").get(0).getAttribute("stroke-dasharray"))
                .isNotEmpty();
        assertThat(select(doc, "//g[@class='cc-series'][2]/path")).isEmpty();
        assertThat(select(doc, "//g[@class='cc-series'][2]//circle")).hasSize(3);
        assertThat(select(doc, "//g[@class='cc-series'][3]/path")).hasSize(1);
        assertThat(select(doc, "//g[@class='cc-series'][3]//circle")).hasSize(3);
        // Legend swatches match: a dashed path, a dot, a line with a dot.
        assertThat(select(doc, "//g[@class='cc-legend']/path[@stroke-dasharray]")).hasSize(1);
        assertThat(select(doc, "//g[@class='cc-legend']/circle")).hasSize(2);
    }

    @Test
    void stepSeriesGoesAcrossThenUpOrDown() throws Exception {
        Document doc = parse(Chart.of("t", Axis.linear("x", ""), Axis.linear("y", ""))
                .add(Series.of("s", seq(0, 1, 2), seq(1, 3, 2), Style.STEP)).svg());
        String d = seriesPath(doc, 0);
        assertThat(d).matches("M[-\\d. ]+H[\\d.]+V[\\d.]+H[\\d.]+V[\\d.]+");
    }

    @Test
    void manyDotsStillRender() {
        int n = 20_000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = (i * 7919L) % 1000;
        }
        String svg = Chart.of("t", Axis.linear("x", ""), Axis.linear("y", "")).add(Series.of("s", x, y, Style.DOTS))
                .svg();
        assertThat(svg.split("<circle", -1)).hasSize(n + 1 + 1); // every dot plus the legend swatch
    }

    // ------------------------------------------------------------------ scales

    @Test
    void ninesScaleGivesEachNineTheSameWidth() {
        assertThat(Scale.NINES.apply(0)).isEqualTo(0);
        assertThat(Scale.NINES.apply(90)).isCloseTo(1, within(1e-12));
        assertThat(Scale.NINES.apply(99)).isCloseTo(2, within(1e-12));
        assertThat(Scale.NINES.apply(99.9)).isCloseTo(3, within(1e-12));
        assertThat(Scale.NINES.apply(99.999)).isCloseTo(5, within(1e-9));
        assertThat(Scale.NINES.apply(100)).isNaN();
        assertThat(Scale.NINES.apply(-1)).isNaN();
        assertThat(Scale.NINES.invert(3)).isCloseTo(99.9, within(1e-9));
        assertThat(Scale.LOG10.apply(0)).isNaN();
        assertThat(Scale.LOG10.apply(1000)).isEqualTo(3);
    }

    @Test
    void ninesAxisPlacesPercentilesEquallyAndLabelsTheNines() throws Exception {
        Document doc = parse(Chart.of("Spectrum", Axis.nines("Percentile"), Axis.linear("Latency", "ms"))
                .add(Series.line("run", seq(0, 90, 99, 99.9, 99.95, 100), seq(1, 2, 3, 4, 5, 6)))
                .svg());
        List<Double> n = numbers(seriesPath(doc, 0));
        // Points: p0, p90, p99, p99.9, p99.95 (p100 is off the scale and skipped).
        assertThat(n).hasSize(10);
        double x0 = n.get(0);
        double x90 = n.get(2);
        double x99 = n.get(4);
        double x999 = n.get(6);
        double stepWidth = x90 - x0;
        assertThat(stepWidth).isGreaterThan(50);
        assertThat(x99 - x90).isCloseTo(stepWidth, within(0.15));
        assertThat(x999 - x99).isCloseTo(stepWidth, within(0.15));
        // The axis ends at the next whole nine, 99.99%, and the ticks sit at the data positions.
        List<Element> ticks = select(doc, "//g[@class='cc-x-ticks']/text");
        assertThat(ticks.stream().map(Element::getTextContent))
                .containsExactly("0%", "90%", "99%", "99.9%", "99.99%");
        assertThat(attr(ticks.get(0), "x")).isCloseTo(x0, within(0.11));
        assertThat(attr(ticks.get(2), "x")).isCloseTo(x99, within(0.11));
        assertThat(attr(ticks.get(3), "x")).isCloseTo(x999, within(0.11));
        double[] edges = plotEdges(doc);
        assertThat(edges[0]).isCloseTo(x0, within(0.11));
        assertThat(edges[3]).isCloseTo(x0 + 4 * stepWidth, within(0.3));
    }

    @Test
    void logAxisSkipsNonPositiveValuesAndTicksDecades() throws Exception {
        Document doc = parse(Chart.of("t", Axis.linear("x", ""), Axis.log("Latency", "ms"))
                .add(Series.line("s", seq(1, 2, 3, 4), seq(0.5, 0, 30, 400))).svg());
        assertThat(texts(doc, "//g[@class='cc-y-ticks']/text")).containsExactly("0.1", "1", "10", "100", "1k");
        // The zero breaks the line: one lonely point, then a line of two.
        assertThat(seriesPath(doc, 0)).contains("h0").containsOnlyOnce("L");
    }

    @Test
    void linearValueAxisIsPaddedButNotBelowZeroForNonNegativeData() throws Exception {
        AxisPlanView plan = planOf(Axis.linear("y", ""), 0, 100, true);
        assertThat(plan.lo()).isEqualTo(0);
        assertThat(plan.hi()).isGreaterThan(100);
        AxisPlanView negative = planOf(Axis.linear("y", ""), -50, 100, false);
        assertThat(negative.lo()).isLessThan(-50);
        AxisPlanView forced = planOf(Axis.linear("y", "").withMin(10).withMax(20), 0, 100, true);
        assertThat(forced.lo()).isEqualTo(10);
        assertThat(forced.hi()).isEqualTo(20);
        AxisPlanView flat = planOf(Axis.linear("y", ""), 3, 3, true);
        assertThat(flat.lo()).isLessThan(3);
        assertThat(flat.hi()).isGreaterThan(3);
        assertThat(flat.labels()).contains("3");
    }

    private record AxisPlanView(double lo, double hi, List<String> labels) {
    }

    private static AxisPlanView planOf(Axis axis, double lo, double hi, boolean nonNegative) {
        AxisPlan p = AxisPlan.of(axis, lo, hi, true, nonNegative);
        return new AxisPlanView(p.lo(), p.hi(), List.of(p.labels()));
    }

    @Test
    void forcedBoundsAreValidatedAgainstTheScale() {
        assertThatThrownBy(() -> Axis.log("y", "").withMin(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Axis.nines("p").withMax(100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Axis.linear("y", "").withMin(5).withMax(5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Axis.linear("y", "").withMin(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ categories

    @Test
    void categoricalAxisPlacesPointsAtTheirCategories() throws Exception {
        Document doc = parse(Chart.of("By config", Axis.categories("Config", List.of("acks=0", "acks=1", "acks=all")),
                        Axis.linear("Rate", "msg/s"))
                .add(Series.of("run 1", seq(0, 1, 2), seq(10, 20, 15), Style.DOTS))
                .svg());
        List<Element> dots = select(doc, "//g[@class='cc-series']//circle");
        List<Element> ticks = select(doc, "//g[@class='cc-x-ticks']/text");
        assertThat(ticks.stream().map(Element::getTextContent)).containsExactly("acks=0", "acks=1", "acks=all");
        assertThat(dots).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(attr(dots.get(i), "cx")).isCloseTo(attr(ticks.get(i), "x"), within(0.11));
        }
        double step = attr(dots.get(1), "cx") - attr(dots.get(0), "cx");
        assertThat(attr(dots.get(2), "cx") - attr(dots.get(1), "cx")).isCloseTo(step, within(0.2));
        // Half a step of padding on each side.
        double[] edges = plotEdges(doc);
        assertThat(attr(dots.get(0), "cx") - edges[0]).isCloseTo(step / 2, within(0.2));
        assertThat(edges[3] - attr(dots.get(2), "cx")).isCloseTo(step / 2, within(0.2));
    }

    @Test
    void crowdedCategoryLabelsAreRotatedAndThinned() throws Exception {
        List<String> names = new ArrayList<>();
        double[] x = new double[60];
        double[] y = new double[60];
        for (int i = 0; i < 60; i++) {
            names.add("configuration number " + i);
            x[i] = i;
            y[i] = i;
        }
        Document doc = parse(Chart.of("t", Axis.categories("Config", names), Axis.linear("y", ""))
                .add(Series.of("s", x, y, Style.DOTS)).svg());
        List<Element> labels = select(doc, "//g[@class='cc-x-ticks']/text");
        assertThat(labels).isNotEmpty().hasSizeLessThan(60);
        assertThat(labels.get(0).getAttribute("transform")).startsWith("rotate(-30");
        // Shown labels are far enough apart that rotated -30 degrees they do not overlap.
        double gap = attr(labels.get(1), "x") - attr(labels.get(0), "x");
        assertThat(gap * 0.5).isGreaterThanOrEqualTo(11);
        // Nothing starts left of the chart.
        double firstX = attr(labels.get(0), "x");
        assertThat(firstX - Svg.textWidth(labels.get(0).getTextContent(), 11) * Math.cos(Math.PI / 6))
                .isGreaterThanOrEqualTo(0);
    }

    @Test
    void tickLabelsOfAShortOrNarrowPlotKeepApart() throws Exception {
        double[] x = new double[100];
        double[] y = new double[100];
        for (int i = 0; i < 100; i++) {
            x[i] = 1_000_000 + i * 1234.5;
            y[i] = i * 0.0731;
        }
        Document doc = parse(Chart.of("t", Axis.linear("x", ""), Axis.linear("y", "")).size(200, 120)
                .add(Series.line("s", x, y)).svg());
        List<Element> yLabels = select(doc, "//g[@class='cc-y-ticks']/text");
        assertThat(yLabels).hasSizeGreaterThan(1);
        for (int i = 1; i < yLabels.size(); i++) {
            assertThat(attr(yLabels.get(i - 1), "y") - attr(yLabels.get(i), "y")).isGreaterThanOrEqualTo(14);
        }
        List<Element> xLabels = select(doc, "//g[@class='cc-x-ticks']/text");
        assertThat(xLabels).hasSizeGreaterThan(1);
        for (int i = 1; i < xLabels.size(); i++) {
            double gap = attr(xLabels.get(i), "x") - attr(xLabels.get(i - 1), "x");
            double halfWidths = (Svg.textWidth(xLabels.get(i).getTextContent(), 11)
                    + Svg.textWidth(xLabels.get(i - 1).getTextContent(), 11)) / 2;
            assertThat(gap).isGreaterThan(halfWidths);
        }
    }

    @Test
    void fewShortCategoriesStayHorizontal() throws Exception {
        Document doc = parse(Chart.of("t", Axis.categories("c", List.of("a", "b")), Axis.linear("y", ""))
                .add(Series.of("s", seq(0, 1), seq(1, 2), Style.DOTS)).svg());
        assertThat(select(doc, "//g[@class='cc-x-ticks']/text")).hasSize(2)
                .allSatisfy(e -> assertThat(e.getAttribute("transform")).isEmpty());
    }

    // ------------------------------------------------------------------ text, gaps, empty charts

    @Test
    void userTextIsEscaped() throws Exception {
        String name = "a<b & \"c\"";
        String title = "it's <b>bold</b> & \"quoted\"";
        String svg = Chart.of(title, Axis.linear("x <1>", "µs & more"), Axis.linear("y 'quoted'", "\"u\""))
                .add(Series.line(name, seq(0, 1), seq(0, 1)).withColor("red\" onload=\"x"))
                .band(Band.of(0, 0.5, "<band>"))
                .refLine(new RefLine(0.5, "r&d"))
                .svg();
        Document doc = parse(svg);
        assertThat(texts(doc, "/svg/title")).containsExactly(title);
        assertThat(texts(doc, "//g[@class='cc-legend']/text")).containsExactly(name, "<band>");
        assertThat(texts(doc, "//text[@class='cc-x-title']")).containsExactly("x <1> (µs & more)");
        assertThat(texts(doc, "//text[@class='cc-y-title']")).containsExactly("y 'quoted' (\"u\")");
        assertThat(texts(doc, "//text[@class='cc-ref-label']")).containsExactly("r&d");
        // The colour stays one attribute value; no attribute was injected.
        Element path = select(doc, "//g[@class='cc-series']/path").get(0);
        assertThat(path.getAttribute("stroke")).isEqualTo("red\" onload=\"x");
        assertThat(path.hasAttribute("onload")).isFalse();
    }

    @Test
    void charactersXmlCannotCarryAreReplaced() throws Exception {
        String svg = Chart.of("bell\u0007 and lone \uD800 surrogate, pair \uD83D\uDE00",
                Axis.linear("x", ""), Axis.linear("y", "")).svg();
        assertThat(texts(parse(svg), "/svg/title"))
                .containsExactly("bell\uFFFD and lone \uFFFD surrogate, pair \uD83D\uDE00");
    }

    @Test
    void nanBreaksTheLineWithoutThrowing() throws Exception {
        Document doc = parse(Chart.of("t", Axis.linear("x", ""), Axis.linear("y", ""))
                .add(Series.line("s", seq(0, 1, 2, 3, 4, 5), seq(1, 2, Double.NaN, 4, 5, Double.POSITIVE_INFINITY)))
                .add(Series.line("t", seq(0, Double.NaN, 2), seq(1, 1, 1)))
                .svg());
        String d = seriesPath(doc, 0);
        assertThat(d.chars().filter(c -> c == 'M').count()).isEqualTo(2);
        assertThat(numbers(d)).hasSize(8);
        // A point alone between gaps still shows, as a zero-length round-capped segment.
        assertThat(seriesPath(doc, 1)).matches("M[\\d. ]+h0M[\\d. ]+h0");
    }

    @Test
    void stepLineRunsToTheStartOfAGap() throws Exception {
        Document doc = parse(Chart.of("t", Axis.linear("x", ""), Axis.linear("y", ""))
                .add(Series.of("s", seq(0, 1, 2, 3), seq(1, 2, Double.NaN, 3), Style.STEP)).svg());
        String d = seriesPath(doc, 0);
        assertThat(d).matches("M[-\\d. ]+H[\\d.]+V[\\d.]+H[\\d.]+M[\\d. ]+h0");
    }

    @Test
    void emptyChartsSayNoData() throws Exception {
        for (Chart c : List.of(
                Chart.of("empty", Axis.linear("x", "s"), Axis.linear("y", "ms")),
                Chart.of("all NaN", Axis.linear("x", "s"), Axis.linear("y", "ms"))
                        .add(Series.line("s", seq(Double.NaN, 1), seq(1, Double.NaN))),
                Chart.of("no positive values on a log axis", Axis.linear("x", "s"), Axis.log("y", "ms"))
                        .add(Series.line("s", seq(1, 2), seq(0, -1))).band(Band.of(0, 1, "b")),
                Chart.of("zero points", Axis.nines("p"), Axis.linear("y", ""))
                        .add(Series.line("s", new double[0], new double[0])))) {
            Document doc = parse(c.svg());
            assertThat(texts(doc, "//text[@class='cc-no-data']")).containsExactly("no data");
            assertThat(select(doc, "//rect[@class='cc-frame']")).hasSize(1);
            assertThat(select(doc, "//text[@class='cc-x-title']")).hasSize(1);
        }
    }

    @Test
    void singlePointChartHasAxesAroundIt() throws Exception {
        Document doc = parse(Chart.of("t", Axis.linear("x", ""), Axis.linear("y", ""))
                .add(Series.of("s", seq(5), seq(3), Style.DOTS)).svg());
        assertThat(select(doc, "//g[@class='cc-series']//circle")).hasSize(1);
        assertThat(texts(doc, "//g[@class='cc-y-ticks']/text")).contains("3");
        assertThat(texts(doc, "//g[@class='cc-x-ticks']/text")).contains("5");
    }

    @Test
    void sizeSetsTheViewBoxAndALongLegendGrowsTheHeight() throws Exception {
        Chart chart = Chart.of("t", Axis.linear("x", ""), Axis.linear("y", "")).size(400, 200);
        for (int i = 0; i < 40; i++) {
            chart.add(Series.line("a fairly long series name " + i, seq(0, 1), seq(i, i + 1)));
        }
        Element root = parse(chart.svg()).getDocumentElement();
        String[] box = root.getAttribute("viewBox").split(" ");
        assertThat(box[2]).isEqualTo("400");
        assertThat(Double.parseDouble(box[3])).isGreaterThan(200);
        assertThatThrownBy(() -> chart.size(10, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void renderingTwiceGivesTheSameSvg() {
        Chart chart = Chart.of("t", Axis.nines("p"), Axis.log("y", "ms"))
                .add(Series.line("s", seq(0, 50, 99), seq(1, 2, 30)));
        assertThat(chart.svg()).isEqualTo(chart.svg());
    }

    @Test
    void seriesCopiesItsArrays() {
        double[] x = {1, 2};
        Series s = Series.line("s", x, new double[] {3, 4});
        x[0] = 99;
        assertThat(s.x()).containsExactly(1, 2);
        s.x()[1] = 42;
        assertThat(s.x()).containsExactly(1, 2);
        assertThat(s).isEqualTo(Series.line("s", new double[] {1, 2}, new double[] {3, 4}));
        assertThatThrownBy(() -> Series.line("s", new double[1], new double[2]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

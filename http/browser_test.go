package http_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

const chromiumPath = "/usr/bin/chromium"

// browserProblems collects what the page reports going wrong: uncaught
// exceptions, console errors and warnings, log entries (CSP violations
// arrive as "security" errors) and failed or 4xx/5xx requests.
type browserProblems struct {
	mu   sync.Mutex
	list []string
}

func (b *browserProblems) add(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.list = append(b.list, fmt.Sprintf(format, args...))
}

func (b *browserProblems) all() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.list...)
}

// TestBrowserCouncilPage loads a council page in headless Chromium: the
// charts are drawn, GOV.UK Frontend starts, nothing breaks the
// Content-Security-Policy, and the CSV link downloads Birmingham's data.
func TestBrowserCouncilPage(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("no Chromium at %s: %v", chromiumPath, err)
	}
	dir := t.TempDir()
	downloads := filepath.Join(dir, "downloads")
	if err := os.Mkdir(downloads, 0o755); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.WindowSize(1280, 1000),
	)
	defer cancelAlloc()
	problems := &browserProblems{}
	type download struct{ guid, filename string }
	began := make(chan download, 4)
	completed := make(chan string, 4)
	// Listen from the target's first message, so nothing the page does is
	// missed. The func runs on chromedp's reader goroutine: it only records.
	bctx, cancelBrowser := chromedp.NewContext(allocCtx, chromedp.WithErrorf(t.Logf), chromedp.WithListener(func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			problems.add("uncaught exception: %s (%s:%d)", msg, d.URL, d.LineNumber)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				problems.add("console.%s: %s", ev.Type, strings.Join(args, " "))
			}
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
				problems.add("log %s/%s: %s %s", ev.Entry.Source, ev.Entry.Level, ev.Entry.Text, ev.Entry.URL)
			}
		case *network.EventResponseReceived:
			if ev.Response.Status >= 400 {
				problems.add("HTTP %d for %s", ev.Response.Status, ev.Response.URL)
			}
		case *network.EventLoadingFailed:
			if !ev.Canceled {
				problems.add("loading failed (%s): %s %s", ev.Type, ev.ErrorText, ev.BlockedReason)
			}
		case *browser.EventDownloadWillBegin:
			select {
			case began <- download{ev.GUID, ev.SuggestedFilename}:
			default:
			}
		case *browser.EventDownloadProgress:
			switch ev.State {
			case browser.DownloadProgressStateCompleted:
				select {
				case completed <- ev.GUID:
				default:
				}
			case browser.DownloadProgressStateCanceled:
				problems.add("download %s cancelled", ev.GUID)
			}
		}
	}))
	defer cancelBrowser()

	url := fixture.ts.URL + "/councils/E08000025"
	type chartInfo struct {
		ID      string  `json:"id"`
		Width   float64 `json:"width"`
		Height  float64 `json:"height"`
		Paths   int     `json:"paths"`
		D       string  `json:"d"`
		PathW   float64 `json:"pathWidth"`
		PathH   float64 `json:"pathHeight"`
		Stroke  string  `json:"stroke"`
		Charts  int     `json:"charts"`
		Visible int     `json:"visible"`
	}
	err := chromedp.Do(bctx,
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: ptrTo(true)})
			return err
		}),
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(`section.sl-indicator svg.slc`)),
		chromedp.WaitReady(chromedp.CSS(`body.govuk-frontend-supported`)),
	)
	if err != nil {
		t.Fatalf("load %s: %v (problems so far: %v)", url, err, problems.all())
	}
	title := cdpRun(t, bctx, chromedp.Title())
	frontendStarted := cdpRun(t, bctx, chromedp.Evaluate[bool](`document.body.classList.contains('govuk-frontend-supported')`))
	jsEnabled := cdpRun(t, bctx, chromedp.Evaluate[bool](`document.body.classList.contains('js-enabled')`))
	chart := cdpRun(t, bctx, chromedp.Evaluate[chartInfo](`(() => {
		const svgs = [...document.querySelectorAll('svg.slc[role="img"]')];
		const svg = document.querySelector('svg[aria-labelledby^="trend-"]');
		if (!svg) return {charts: svgs.length};
		const r = svg.getBoundingClientRect();
		// The council's own series (role r0), not a marker.
		const paths = [...svg.querySelectorAll('g.s.r0 path:not(.mk)')].filter(p => (p.getAttribute('d') || '').length > 2);
		const p = paths[0];
		const pr = p ? p.getBoundingClientRect() : {width: 0, height: 0};
		return {
			id: svg.getAttribute('aria-labelledby'), width: r.width, height: r.height,
			paths: paths.length, d: p ? p.getAttribute('d') : '', pathWidth: pr.width, pathHeight: pr.height,
			stroke: p ? getComputedStyle(p).stroke : '',
			charts: svgs.length,
			visible: svgs.filter(s => { const b = s.getBoundingClientRect(); return b.width > 0 && b.height > 0; }).length,
		};
	})()`))
	if title != "Birmingham – Sightline" {
		t.Errorf("title %q", title)
	}
	if !frontendStarted || !jsEnabled {
		t.Errorf("GOV.UK Frontend did not start: govuk-frontend-supported=%v js-enabled=%v", frontendStarted, jsEnabled)
	}
	t.Logf("first trend chart %s: %.0f×%.0f px, %d series paths, first path %.0f×%.0f px, stroke %s; %d of %d charts visible",
		chart.ID, chart.Width, chart.Height, chart.Paths, chart.PathW, chart.PathH, chart.Stroke, chart.Visible, chart.Charts)
	if chart.Width < 100 || chart.Height < 50 {
		t.Errorf("trend chart is %.0f×%.0f px", chart.Width, chart.Height)
	}
	if chart.Paths == 0 || !strings.HasPrefix(chart.D, "M") || chart.PathW <= 0 && chart.PathH <= 0 {
		t.Errorf("trend chart has no drawn series: %d paths, d=%q, %.1f×%.1f px", chart.Paths, chart.D, chart.PathW, chart.PathH)
	}
	// The primary series is styled by the stylesheet (GOV.UK blue), so the
	// CSS loaded under the Content-Security-Policy.
	if chart.Stroke != "rgb(29, 112, 184)" {
		t.Errorf("primary series stroke %q, want the stylesheet's #1d70b8", chart.Stroke)
	}
	if chart.Charts < 20 || chart.Visible != chart.Charts {
		t.Errorf("%d charts, %d of them with a size", chart.Charts, chart.Visible)
	}
	// GOV.UK Frontend marks the components it initialised.
	initialised := cdpRun(t, bctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-govuk-service-navigation-init], [data-govuk-skip-link-init], [data-govuk-button-init]').length`))
	if initialised == 0 {
		t.Error("no GOV.UK Frontend component was initialised")
	}

	// A full-page screenshot.
	shot := cdpRun(t, bctx, chromedp.FullScreenshot(100))
	shotPath := filepath.Join(dir, "council.png")
	if err := os.WriteFile(shotPath, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 800 || b.Dy() < 2000 {
		t.Errorf("full-page screenshot is only %d×%d", b.Dx(), b.Dy())
	} else {
		t.Logf("screenshot %s: %d×%d, %d bytes", shotPath, b.Dx(), b.Dy(), len(shot))
	}

	// Download the CSV by clicking its link.
	link := chromedp.CSS(`a[href="/councils/E08000025/data?format=csv"]`)
	linkText := cdpRun(t, bctx, chromedp.Text(link, chromedp.NodeVisible))
	if strings.TrimSpace(linkText) != "CSV (EES format)" {
		t.Errorf("CSV link text %q", linkText)
	}
	if err := chromedp.Do(bctx, chromedp.Click(link, chromedp.NodeVisible)); err != nil {
		t.Fatalf("click CSV link: %v", err)
	}
	var dl download
	select {
	case dl = <-began:
	case <-ctx.Done():
		t.Fatalf("download did not begin: %v", problems.all())
	}
	if dl.filename != "sightline-E08000025.csv" {
		t.Errorf("download named %q, want sightline-E08000025.csv", dl.filename)
	}
	select {
	case guid := <-completed:
		if guid != dl.guid {
			t.Errorf("completed download %s, began %s", guid, dl.guid)
		}
	case <-ctx.Done():
		t.Fatal("download did not complete")
	}
	csvBody, err := os.ReadFile(filepath.Join(downloads, dl.guid))
	if err != nil {
		t.Fatalf("read download: %v", err)
	}
	rows := csvRecords(t, csvBody)
	header := strings.Split(string(csvBody[:bytes.IndexByte(csvBody, '\n')]), ",")
	if len(header) < len(eesGeography) || strings.Join(header[:len(eesGeography)], ",") != strings.Join(eesGeography, ",") {
		t.Errorf("downloaded CSV header %v", header)
	}
	birmingham := 0
	for _, r := range rows {
		if r["geographic_level"] == "Local authority" {
			if r["new_la_code"] != "E08000025" || r["la_name"] != "Birmingham" {
				t.Errorf("downloaded CSV has a row for %s %s", r["new_la_code"], r["la_name"])
				break
			}
			birmingham++
		}
	}
	if birmingham < 100 {
		t.Errorf("downloaded CSV has %d Birmingham rows", birmingham)
	}
	if direct := getOK(t, "/councils/E08000025/data?format=csv"); !bytes.Equal(direct, csvBody) {
		t.Errorf("downloaded CSV (%d bytes) differs from the server's (%d bytes)", len(csvBody), len(direct))
	}

	// The emerging challenges page and an improvement brief draw their
	// charts under the same policy, and the method's details open.
	for _, pg := range []struct {
		path, wait string
		minCharts  int
	}{
		{"/emerging", `table svg.slc-spark`, 20},
		{"/councils/E08000012/support/rereferral_pct", `svg.slc[role="img"]`, 5},
	} {
		if err := chromedp.Do(bctx, chromedp.Navigate(fixture.ts.URL+pg.path), chromedp.WaitVisible(chromedp.CSS(pg.wait))); err != nil {
			t.Fatalf("load %s: %v (problems so far: %v)", pg.path, err, problems.all())
		}
		drawn := cdpRun(t, bctx, chromedp.Evaluate[int](`[...document.querySelectorAll('main svg.slc')].filter(s => { const b = s.getBoundingClientRect(); return b.width > 0 && b.height > 0; }).length`))
		if drawn < pg.minCharts {
			t.Errorf("%s: %d charts drawn, want at least %d", pg.path, drawn, pg.minCharts)
		}
		if pg.path == "/emerging" {
			opened := cdpRun(t, bctx, chromedp.Evaluate[bool](`(() => { const d = document.querySelector('main details'); if (!d) return false; d.querySelector('summary').click(); return d.open; })()`))
			if !opened {
				t.Error("the method's details did not open when clicked")
			}
		}
	}

	// Sign in as Birmingham's analyst through the form, see the account
	// page and the upload page that only analysts get, and sign out.
	if err := chromedp.Do(bctx,
		chromedp.Navigate(fixture.ts.URL+"/sign-in?next=/validate"),
		chromedp.WaitVisible(chromedp.CSS(`#name`)),
		chromedp.SendKeys(chromedp.CSS(`#name`), "council"),
		chromedp.SendKeys(chromedp.CSS(`#password`), testPassword),
		chromedp.Click(chromedp.CSS(`main button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[type=file]`)),
	); err != nil {
		t.Fatalf("sign in through the form: %v (problems so far: %v)", err, problems.all())
	}
	if who := cdpRun(t, bctx, chromedp.Text(chromedp.CSS(`.sl-account`))); !strings.Contains(who, "council") || !strings.Contains(who, "Sign out") {
		t.Errorf("header after signing in: %q", who)
	}
	if err := chromedp.Do(bctx,
		chromedp.Click(chromedp.CSS(`.sl-link-button`)),
		chromedp.WaitVisible(chromedp.CSS(`.sl-account a[href="/sign-in"]`)),
	); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	after := cdpRun(t, bctx, chromedp.Location())
	if !strings.HasSuffix(after, "/") {
		t.Errorf("after signing out the browser is at %s", after)
	}

	// Let late events (a console error from a deferred script) arrive.
	if err := chromedp.Do(bctx, chromedp.Sleep(200*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	for _, p := range problems.all() {
		t.Errorf("browser: %s", p)
	}
}

// cdpRun runs a chromedp action that returns a value, failing the test on error.
func cdpRun[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("chromedp: %v", err)
	}
	return v
}

func ptrTo[T any](v T) *T { return &v }

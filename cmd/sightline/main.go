// Command sightline imports England's published children's social care
// statistics into an embedded DuckDB file, computes the national framework
// indicators for every council, and serves them as a website and JSON API.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/sightline-uk/sightline"
)

// usage lists the subcommands; each has its own -h.
const usage = `Sightline: children's social care indicators for every council in England.

Usage:
  sightline serve   [--db PATH] [--addr HOST:PORT]   import the bundled data on first start and serve the website and API
  sightline import  [--db PATH] [--snapshot] FILE…   import published files (EES CSV, neighbours, Ofsted, Fingertips, revenue outturn ODS)
  sightline export  [--db PATH] --format csv|xlsx|parquet [--indicator ID…] [--council CODE…] [--dataset ID] [--out FILE]
  sightline indicators [--format text|csv]          list the indicator catalogue
  sightline validate 903 [--year 2025] [--la NNN] [--previous FILE…] [--earlier EPISODES…] [--postcodes ONSPD] [--providers FILE]
                         [--format text|csv|json|xlsx] [--out FILE] FILE…
                                                   check an SSDA903 return (CSV tables or XML) against DfE's rules;
                                                   exit 1 when it has errors, 2 when it cannot be read
  sightline validate cin [--format text|csv|json|xlsx] [--out FILE] FILE.xml…
                                                   check CIN census returns; errors fail them (exit 1), queries do not
  sightline synth 903 --out DIR [--las N] [--seed S] [--plant 101=3,142=2] [--year 2025]   write synthetic returns, one folder per council
  sightline synth cin --out DIR [--las N] [--seed S] [--plant 8600=3,8875=2] [--year 2025]   write synthetic CIN censuses, one XML file per council
  sightline synth people --out DIR [--children N] [--seed S]   write a synthetic multi-agency extract (social care, school, health, police) and its truth
  sightline keep 903 --la NNN --year YYYY [--key-file F] [--previous FILE…] [--population N] FILE…   compute a return's own indicators and keep it pseudonymised
  sightline keep cin [--key-file F] [--previous LAST.xml] [--population N] FILE.xml   compute a CIN census's own indicators (LA and year from its header) and keep it pseudonymised
  sightline warn    [--db PATH] [--council CODE] [--format text|csv|json] [--simulate]   emerging challenges: funnel, change and trend warnings
  sightline risk    --as-of YYYY-MM-DD [--db PATH] [--format csv|text|json]   risk of an inadequate judgement at each council's next inspection
  sightline backtest [--db PATH] [--format text|csv]   the risk model's rolling-origin backtest against its baselines
  sightline peers   --council CODE --indicator ID [--year Y] [--peers N] [--format text|json|xlsx] [--out FILE] | --validate   peers that improved on the same problem
  sightline forecast model --episodes DIR [options]   children in care by age and placement type from a council's own SSDA903 returns
  sightline forecast councils [--council CODE] [--years 3]   every council's children looked after, from published data
  sightline forecast backtest [--format text|csv]   both forecasts' backtests: scope,model,horizon_years,mape,coverage80
  sightline link    --input FILE [--input FILE…] --id-column COL --settings FILE|auto --out DIR [--threshold P] [--link-type link|link_and_dedupe]
                    [--one-per-source] [--explain ID,ID] [--keep NAME --db PATH --key-file F]
                                                   link records about the same person within an input or across several
  sightline users add NAME --role council|partner|regional|national|admin [--council CODE] [--region CODE] [--agency A]
                    [--email E] [--subject S] [--password-stdin]   add an account (a first password is made up unless given)
  sightline users list | disable NAME | enable NAME | password NAME [--password-stdin]   manage accounts
  sightline audit   [--db PATH] [--actor NAME] [--action A] [--limit 50] [--format text|csv]   the audit log, its chain checked
  sightline bench   [--db PATH] [--rate 500] [--duration 30s] [--url URL]   load-test pages and API on loopback
  sightline soak    [--db PATH] [--rate 200] [--duration 5m] [--every 5s] [--url URL --pid PID] [--max-growth 10]
                                                   hold a load for minutes sampling memory; fails on any error or memory growth
  sightline version

The database defaults to ./sightline.duckdb; set --db or SIGHTLINE_DB to use another file.
`

var version = "dev"

func main() {
	// Past a file size limit (RLIMIT_FSIZE) a write then fails with an
	// error the store reports, instead of the signal killing the process
	// in the middle of an import.
	signal.Ignore(syscall.SIGXFSZ)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	os.Exit(code)
}

// run executes a subcommand and returns the process exit status: 0 on
// success, 1 on failure, 2 on bad usage or unreadable input.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = cmdServe(ctx, args[1:], stdout, stderr)
	case "import":
		err = cmdImport(ctx, args[1:], stdout, stderr)
	case "export":
		err = cmdExport(ctx, args[1:], stdout, stderr)
	case "indicators":
		err = cmdIndicators(args[1:], stdout)
	case "bench":
		err = cmdBench(ctx, args[1:], stdout, stderr)
	case "soak":
		err = cmdSoak(ctx, args[1:], stdout, stderr)
	case "validate":
		err = cmdValidate(ctx, args[1:], stdout, stderr)
	case "synth":
		err = cmdSynth(ctx, args[1:], stdout, stderr)
	case "keep":
		err = cmdKeep(ctx, args[1:], stdout, stderr)
	case "warn":
		err = warnCmd(ctx, args[1:], stdout, stderr)
	case "risk":
		err = riskCmd(ctx, args[1:], stdout, stderr)
	case "backtest":
		err = backtestCmd(ctx, args[1:], stdout, stderr)
	case "peers":
		err = peersCmd(ctx, args[1:], stdout, stderr)
	case "forecast":
		err = forecastCmd(ctx, args[1:], stdout, stderr)
	case "link":
		err = linkCmd(ctx, args[1:], stdout, stderr)
	case "users":
		err = cmdUsers(ctx, args[1:], stdout, stderr)
	case "audit":
		err = cmdAudit(ctx, args[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "sightline", version)
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "sightline: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var ef errFindings
	if errors.As(err, &ef) {
		return 1 // the report says what is wrong; no further message
	}
	fmt.Fprintln(stderr, "sightline:", err)
	var ie *sightline.InputError
	var ue usageError
	if errors.As(err, &ie) || errors.As(err, &ue) {
		return 2
	}
	return 1
}

// usageError marks a mistake in how a command was called.
type usageError string

func (u usageError) Error() string { return string(u) }

// dbFlag adds --db with the environment variable and default.
func dbFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("SIGHTLINE_DB")
	if def == "" {
		def = "sightline.duckdb"
	}
	return fs.String("db", def, "DuckDB database file, or a postgres:// URL for a PostgreSQL server (env SIGHTLINE_DB)")
}

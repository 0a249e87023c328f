package main

// Fault tests: the real command, run as a child process, is killed with
// SIGKILL at many points of an import, starved of disk, and killed while
// serving; each time the store is reopened (DuckDB replays its WAL) and
// every dataset must be exactly as before or exactly as after.

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sightline-uk/sightline/duckdb"
)

// asCommandEnv makes the test binary run as the sightline command itself,
// so the fault tests kill the real program without building it apart.
const asCommandEnv = "SIGHTLINE_TEST_AS_COMMAND"

// fileSizeEnv sets RLIMIT_FSIZE in the child: the full-disk test's stand-in
// for a small filesystem where mounting one is not allowed.
const fileSizeEnv = "SIGHTLINE_TEST_FSIZE"

func TestMain(m *testing.M) {
	if os.Getenv(asCommandEnv) == "1" {
		if v := os.Getenv(fileSizeEnv); v != "" {
			n, err := strconv.ParseUint(v, 10, 64)
			if err == nil {
				err = syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n})
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, "setting the file size limit:", err)
				os.Exit(3)
			}
		}
		main()
		return
	}
	os.Exit(m.Run())
}

// sightlineCmd is the sightline command as a child process.
func sightlineCmd(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), asCommandEnv+"=1")
	return cmd
}

// runImport imports to completion and says how long it took.
func runImport(t *testing.T, db string, args ...string) time.Duration {
	t.Helper()
	cmd := sightlineCmd(t, append([]string{"import", "--db", db}, args...)...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("import %v: %v\n%s", args, err, out)
	}
	return time.Since(start)
}

// killImport starts an import and sends SIGKILL after delay. It reports
// whether the import had already finished (successfully) by then.
func killImport(t *testing.T, db string, delay time.Duration, args ...string) (finished bool) {
	t.Helper()
	cmd := sightlineCmd(t, append([]string{"import", "--db", db}, args...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(delay)
	cmd.Process.Signal(syscall.SIGKILL)
	err := cmd.Wait()
	if cmd.ProcessState.Exited() {
		if err != nil {
			t.Fatalf("import failed before the kill: %v\n%s", err, out.String())
		}
		return true
	}
	return false
}

// checksums are the order-independent fingerprints of each table's rows
// of a dataset: a count and a sum of row hashes.
var checksums = []struct{ table, cols string }{
	{"observations", "period, time_identifier, year, level, area, filters, measure, value, symbol"},
	{"areas", "code, old_code, name, level, region_code, region_name, first_year, last_year"},
	{"judgements", "council, council_name, inspection_date, publication_date, inspection_type, overall, leaders, help_and_protection, children_in_care, care_leavers"},
	{"neighbours", "model, council, neighbour, rank, closeness"},
}

// storeState reopens a store and describes every dataset in it: its
// catalogue row (file, SHA-256, rows, columns) and, for each table, the
// number of its rows and a checksum of them that ignores their order.
// Rows left under a dataset the catalogue does not list show up as a
// dataset without a catalogue row, which matches no reference.
func storeState(t *testing.T, db string) map[string]string {
	t.Helper()
	ctx := context.Background()
	s, err := duckdb.Open(ctx, db)
	if err != nil {
		t.Fatalf("reopening %s: %v", db, err)
	}
	defer s.Close()
	state := map[string]string{}
	scan := func(q string, each func(id, desc string)) {
		rs, err := s.DB().QueryContext(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rs.Close()
		for rs.Next() {
			var id, desc string
			if err := rs.Scan(&id, &desc); err != nil {
				t.Fatal(err)
			}
			each(id, desc)
		}
		if err := rs.Err(); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	scan(`SELECT id, concat_ws(' ', file, kind, sha256, rows, filters::VARCHAR, measures::VARCHAR) FROM datasets`, func(id, desc string) {
		state[id] = "catalogue " + desc
	})
	for _, c := range checksums {
		scan(`SELECT dataset, concat(count(*), ' rows, checksum ', sum(hash(`+c.cols+`)::HUGEINT)) FROM `+c.table+` GROUP BY dataset`, func(id, desc string) {
			state[id] += "; " + c.table + " " + desc
		})
	}
	return state
}

// compareKilled checks that every dataset is exactly as before or exactly
// as after, and counts those that are as after (and differ from before).
func compareKilled(t *testing.T, label string, got, before, after map[string]string) (asAfter int) {
	t.Helper()
	ids := map[string]bool{}
	for _, m := range []map[string]string{got, before, after} {
		for id := range m {
			ids[id] = true
		}
	}
	for id := range ids {
		g, gok := got[id]
		b, bok := before[id]
		a, aok := after[id]
		switch {
		case gok == aok && g == a:
			if g != b || gok != bok {
				asAfter++
			}
		case gok == bok && g == b:
		default:
			t.Errorf("%s: dataset %s is neither as before nor as after the import:\n got    %q (present %v)\n before %q (present %v)\n after  %q (present %v)",
				label, id, g, gok, b, bok, a, aok)
		}
	}
	return asAfter
}

// sameState fails unless two stores hold exactly the same datasets.
func sameState(t *testing.T, label string, got, want map[string]string) {
	t.Helper()
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: dataset %s is %q, want %q", label, id, got[id], w)
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			t.Errorf("%s: dataset %s should not be there", label, id)
		}
	}
}

// copyStore copies a closed store file (and its WAL, if any).
func copyStore(t *testing.T, from, to string) {
	t.Helper()
	for _, ext := range []string{"", ".wal"} {
		data, err := os.ReadFile(from + ext)
		if os.IsNotExist(err) && ext != "" {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to+ext, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// changedCopy writes a bundled EES file with the last measure of every row
// that has a number there increased by one: the same dataset, new figures.
func changedCopy(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(writeBundled(t, t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\r\n"), "\n")
	changed := 0
	for i := 1; i < len(lines); i++ {
		line := strings.TrimRight(lines[i], "\r")
		k := strings.LastIndexByte(line, ',')
		if v, err := strconv.ParseFloat(line[k+1:], 64); err == nil {
			lines[i] = line[:k+1] + strconv.FormatFloat(v+1, 'f', -1, 64)
			changed++
		}
	}
	if changed == 0 {
		t.Fatalf("%s: nothing to change", name)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// killPoints is how many points the kill test tries, and after how many
// kills it resumes the import: a CI-sized number on killFiles by default;
// SIGHTLINE_KILL_POINTS for a longer run on the whole snapshot, resuming
// after every kill.
func killPoints(t *testing.T, def int) (n int, resumeEvery int) {
	t.Helper()
	if v := os.Getenv("SIGHTLINE_KILL_POINTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("SIGHTLINE_KILL_POINTS=%q", v)
		}
		return n, 1
	}
	return def, 4
}

// spreadDelays spreads n kill points evenly over 0–110% of the import's
// duration, so some land before the first commit, most among the files'
// appends and commits, and a few after the end.
func spreadDelays(n int, took time.Duration) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = time.Duration(float64(took) * 1.1 * (float64(i) + 0.5) / float64(n))
	}
	return out
}

// killReport tells how the kill points fell: how many datasets each found
// committed.
func killReport(t *testing.T, label string, delays []time.Duration, committed []int, finished []bool, total int) {
	t.Helper()
	var b strings.Builder
	hist := map[int]int{}
	done := 0
	for i := range delays {
		fmt.Fprintf(&b, " %.0fms:%d", delays[i].Seconds()*1000, committed[i])
		if finished[i] {
			done++
			b.WriteString("(finished)")
		}
		hist[committed[i]]++
	}
	keys := make([]int, 0, len(hist))
	for k := range hist {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var h strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&h, " %d/%d:%d", k, total, hist[k])
	}
	t.Logf("%s: %d kill points (delay:datasets as after)%s", label, len(delays), b.String())
	t.Logf("%s: datasets as after at the kill, with how many points:%s; %d points after the import had finished", label, h.String(), done)
}

// killFiles are the bundled files the CI-sized kill test imports: every
// table (areas, judgements, neighbours) and the largest publication (over
// 200,000 observations, which DuckDB writes to the file before it
// commits) among smaller ones.
var killFiles = []string{
	"ons_mid-year_population_estimates_2012_to_2024.csv", "New_Statistical_Neighbour_Groupings_April_2021.csv",
	"ofsted_ilacs_inspections_2018_to_2023-03.csv", "b1_children_in_need_2013_to_2025.csv", "absence_la.csv",
	"csww_indicators_2017_to_2025.csv", "d3_cpps_subsequent_plan_2013_to_2025.csv", "ks2_la.csv",
	"sn_model_2025_wide.csv", "la_cla_swcount.csv",
}

func TestKillDuringImport(t *testing.T) {
	// Its own child processes and files: it may overlap the package's
	// other tests, which only makes its kill points land more unevenly.
	t.Parallel()
	if testing.Short() {
		t.Skip("kills real imports; not in -short")
	}
	dir := t.TempDir()
	n, resumeEvery := killPoints(t, 12)
	args := []string{"--snapshot"}
	if resumeEvery > 1 {
		args = nil
		for _, f := range killFiles {
			args = append(args, writeBundled(t, dir, f))
		}
	}
	ref := filepath.Join(dir, "ref.duckdb")
	took := runImport(t, ref, args...)
	after := storeState(t, ref)
	before := map[string]string{}
	if len(after) < len(killFiles) {
		t.Fatalf("reference import holds %d datasets", len(after))
	}
	delays := spreadDelays(n, took)
	committed := make([]int, n)
	finished := make([]bool, n)
	resumed := 0
	for i, d := range delays {
		db := filepath.Join(dir, fmt.Sprintf("k%d.duckdb", i))
		finished[i] = killImport(t, db, d, args...)
		committed[i] = compareKilled(t, fmt.Sprintf("killed at %v", d), storeState(t, db), before, after)
		if i%resumeEvery == resumeEvery-1 || i == n-1 {
			runImport(t, db, args...)
			sameState(t, fmt.Sprintf("resumed after the kill at %v", d), storeState(t, db), after)
			resumed++
		}
		os.Remove(db)
		os.Remove(db + ".wal")
	}
	killReport(t, fmt.Sprintf("first import of %d files (%v uninterrupted)", len(after), took.Round(time.Millisecond)), delays, committed, finished, len(after))
	t.Logf("resumed %d killed imports to completion", resumed)

	// Replacing datasets: the store holds those files and two of the
	// largest publications are imported again with changed figures.
	changed := []string{
		changedCopy(t, t.TempDir(), "absence_la.csv"),
		changedCopy(t, t.TempDir(), "ks2_la.csv"),
	}
	replaced := filepath.Join(dir, "replaced.duckdb")
	copyStore(t, ref, replaced)
	took2 := runImport(t, replaced, changed...)
	after2 := storeState(t, replaced)
	if compareKilled(t, "replacement", after2, after, after2) != 2 {
		t.Fatal("the changed files did not replace exactly two datasets")
	}
	n2 := (n + 1) / 2
	delays2 := spreadDelays(n2, took2)
	committed2 := make([]int, n2)
	finished2 := make([]bool, n2)
	for i, d := range delays2 {
		db := filepath.Join(dir, fmt.Sprintf("r%d.duckdb", i))
		copyStore(t, ref, db)
		finished2[i] = killImport(t, db, d, changed...)
		committed2[i] = compareKilled(t, fmt.Sprintf("replacement killed at %v", d), storeState(t, db), after, after2)
		if i%resumeEvery == resumeEvery-1 || i == n2-1 {
			runImport(t, db, changed...)
			sameState(t, fmt.Sprintf("replacement resumed after the kill at %v", d), storeState(t, db), after2)
		}
		os.Remove(db)
		os.Remove(db + ".wal")
	}
	killReport(t, fmt.Sprintf("replacing two datasets (%v uninterrupted)", took2.Round(time.Millisecond)), delays2, committed2, finished2, 2)

	// At commits: the WAL is written when a transaction commits, so the
	// store is killed the moment its WAL is seen to grow for the k-th
	// time — while a commit is being written, or just after.
	writes := walWrites(t, filepath.Join(dir, "count.duckdb"), -1, args...)
	n3 := (n + 1) / 2
	var ks []int
	for i := 0; i < n3; i++ {
		ks = append(ks, 1+i*max(writes-1, 0)/max(n3-1, 1))
	}
	var b strings.Builder
	for i, k := range ks {
		db := filepath.Join(dir, fmt.Sprintf("c%d.duckdb", i))
		walWrites(t, db, k, args...)
		c := compareKilled(t, fmt.Sprintf("killed at WAL write %d", k), storeState(t, db), before, after)
		fmt.Fprintf(&b, " %d:%d", k, c)
		if i%resumeEvery == resumeEvery-1 || i == n3-1 {
			runImport(t, db, args...)
			sameState(t, fmt.Sprintf("resumed after the kill at WAL write %d", k), storeState(t, db), after)
		}
		os.Remove(db)
		os.Remove(db + ".wal")
	}
	t.Logf("at commits: %d kill points among the %d WAL writes seen in an uninterrupted import (write:datasets as after)%s", len(ks), writes, b.String())
}

// walWrites runs an import, watching its WAL, and kills it with SIGKILL
// as soon as the WAL has been seen to change size k times (k < 0: never).
// It returns how many changes it saw.
func walWrites(t *testing.T, db string, k int, args ...string) int {
	t.Helper()
	cmd := sightlineCmd(t, append([]string{"import", "--db", db}, args...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	seen, last := 0, int64(0)
	for {
		select {
		case err := <-done:
			if err != nil && cmd.ProcessState.Exited() {
				t.Fatalf("import failed: %v\n%s", err, out.String())
			}
			return seen
		default:
		}
		if sz := fileSize(t, db+".wal"); sz != last {
			seen, last = seen+1, sz
			if seen == k {
				cmd.Process.Signal(syscall.SIGKILL)
			}
		}
	}
}

// smallDisk gives a directory whose filesystem holds only size bytes: a
// tmpfs mounted there when the test runs as root (as CI does), otherwise
// none, and the caller limits the child's file size instead (as it does
// with SIGHTLINE_TEST_NO_MOUNT set, to try that way as root).
func smallDisk(t *testing.T, size int64) (dir string, ok bool) {
	t.Helper()
	dir = t.TempDir()
	if os.Getenv("SIGHTLINE_TEST_NO_MOUNT") != "" {
		t.Logf("SIGHTLINE_TEST_NO_MOUNT: the child's file size is limited (RLIMIT_FSIZE)")
		return dir, false
	}
	if os.Geteuid() != 0 {
		t.Logf("not root, so no filesystem can be mounted: the child's file size is limited instead (RLIMIT_FSIZE)")
		return dir, false
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%d,mode=0700", size)); err != nil {
		t.Logf("mounting a %d-byte tmpfs: %v; the child's file size is limited instead (RLIMIT_FSIZE)", size, err)
		return dir, false
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir, true
}

// fill leaves free bytes free on the filesystem holding dir.
func fill(t *testing.T, dir string, free int64) string {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	avail := int64(st.Bavail) * st.Bsize
	p := filepath.Join(dir, "filler")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 1<<20)
	for left := avail - free; left > 0; {
		n := min(left, int64(len(chunk)))
		if _, err := f.Write(chunk[:n]); err != nil {
			break // full: as full as it gets
		}
		left -= n
	}
	return p
}

func fileSize(t *testing.T, p string) int64 {
	t.Helper()
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return st.Size()
}

// TestImportOnFullDisk imports a changed publication over a store whose
// disk is full, or nearly: the import fails saying so, naming the file, and
// the store is exactly as before; given room, the same import succeeds.
func TestImportOnFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("runs real imports; not in -short")
	}
	dir := t.TempDir()
	var files []string
	for _, f := range []string{"ons_mid-year_population_estimates_2012_to_2024.csv", "ofsted_ilacs_inspections_2018_to_2023-03.csv", "absence_la.csv"} {
		files = append(files, writeBundled(t, dir, f))
	}
	base := filepath.Join(dir, "base.duckdb")
	runImport(t, base, files...)
	before := storeState(t, base)
	changed := changedCopy(t, t.TempDir(), "absence_la.csv")
	ref := filepath.Join(dir, "ref.duckdb")
	copyStore(t, base, ref)
	runImport(t, ref, changed)
	after := storeState(t, ref)
	// The room the import needs: what the store and its WAL grew by.
	need := fileSize(t, ref) + fileSize(t, ref+".wal") - fileSize(t, base) - fileSize(t, base+".wal")
	if need <= 0 {
		need = 1 << 20
	}
	mnt, mounted := smallDisk(t, fileSize(t, base)+fileSize(t, base+".wal")+need+(4<<20))
	failures := 0
	for _, free := range []int64{0, 64 << 10, need / 2, need * 9 / 10} {
		label := fmt.Sprintf("%d bytes free of the %d the import needs", free, need)
		db := filepath.Join(mnt, "s.duckdb")
		copyStore(t, base, db)
		cmd := sightlineCmd(t, "import", "--db", db, changed)
		var filler string
		if mounted {
			filler = fill(t, mnt, free)
		} else {
			// Every write past free bytes into any file fails, the store's
			// own blocks included: cruder than a full disk, but the same
			// refusal at the same calls.
			cmd.Env = append(cmd.Env, fmt.Sprintf("%s=%d", fileSizeEnv, free))
		}
		out, err := cmd.CombinedOutput()
		if filler != "" {
			os.Remove(filler)
		}
		got := storeState(t, db)
		if err == nil {
			// There was room after all: the store must be as after.
			sameState(t, label+", import succeeded", got, after)
		} else {
			failures++
			msg := string(out)
			if !strings.Contains(msg, "absence_la.csv") || !strings.Contains(msg, "no room to write the store") ||
				!(strings.Contains(msg, "no space left on device") || strings.Contains(msg, "file too large")) {
				t.Errorf("%s: the error does not say the disk is full and which file failed:\n%s", label, msg)
			}
			sameState(t, label+", import failed", got, before)
			t.Logf("%s: %v: %s", label, err, strings.TrimSpace(msg))
			// With room again, the same import goes through.
			runImport(t, db, changed)
			sameState(t, label+", imported again with room", storeState(t, db), after)
		}
		os.Remove(db)
		os.Remove(db + ".wal")
	}
	if failures == 0 {
		t.Error("no import failed for want of room: the disk was never full")
	}
}

// server is a sightline serve child process.
type server struct {
	cmd  *exec.Cmd
	base string
	out  *lockedBuffer
	done chan error
}

// lockedBuffer collects a child's standard error while it runs.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startServe starts sightline serve on a free loopback port. It returns
// once the server says it is serving, or with an error (and what the
// server printed) if it exits first.
func startServe(t *testing.T, db string) (*server, error) {
	t.Helper()
	s := &server{cmd: sightlineCmd(t, "serve", "--db", db, "--addr", "127.0.0.1:0"), out: &lockedBuffer{}, done: make(chan error, 1)}
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s.cmd.Stderr = s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	serving := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "Sightline is serving "); ok {
				serving <- strings.TrimSuffix(strings.Fields(rest)[0], "/")
			}
		}
		s.done <- s.cmd.Wait()
	}()
	select {
	case s.base = <-serving:
		return s, nil
	case err := <-s.done:
		return nil, fmt.Errorf("serve exited (%v): %s", err, s.out.String())
	}
}

// kill ends the server with SIGKILL.
func (s *server) kill() {
	s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
}

// answers checks that pages and the API answer with their content.
func (s *server) answers(t *testing.T, label string) {
	t.Helper()
	for _, c := range []struct{ path, want string }{
		{"/", "Sightline"},
		{"/councils/E08000025", "Birmingham"},
		{"/indicators/cla_rate", "Birmingham"},
		{"/api/v1/values?indicator=cla_rate&council=E08000025", `"year"`},
		{"/api/v1/datasets", "absence_social_care"},
	} {
		resp, err := http.Get(s.base + c.path)
		if err != nil {
			t.Errorf("%s: %s: %v", label, c.path, err)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), c.want) {
			t.Errorf("%s: %s: %s, want 200 with %q", label, c.path, resp.Status, c.want)
		}
	}
}

// TestServeRestarts kills sightline serve during its first start's import,
// while serving under load, and while an import holds its store, and
// restarts it each time: it finishes the snapshot and answers.
func TestServeRestarts(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs real servers; not in -short")
	}
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref.duckdb")
	took := runImport(t, ref, "--snapshot")
	full := storeState(t, ref)

	// Killed during the first start's import of the snapshot (the server
	// imports it before it listens): the next start finishes it.
	db := filepath.Join(dir, "s.duckdb")
	for _, frac := range []float64{0.3, 0.6} {
		cmd := sightlineCmd(t, "serve", "--db", db, "--addr", "127.0.0.1:0")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(frac * float64(took)))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		t.Logf("first start killed after %.0f%% of an import: %d of %d datasets kept", frac*100, len(storeState(t, db)), len(full))
	}
	s, err := startServe(t, db)
	if err != nil {
		t.Fatal(err)
	}
	s.answers(t, "restarted after the first start was killed")

	// Killed while answering a stream of requests: it starts again on
	// the same file and answers.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if resp, err := http.Get(s.base + "/councils/E08000025"); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
		}()
	}
	time.Sleep(300 * time.Millisecond)
	s.kill()
	close(stop)
	wg.Wait()
	if s, err = startServe(t, db); err != nil {
		t.Fatal(err)
	}
	s.answers(t, "restarted after a kill while serving")
	s.kill()
	sameState(t, "after the serve restarts", storeState(t, db), full)

	// An import holds another store: a server started on it meanwhile
	// says the file is in use and stops; once the import is killed the
	// server starts, finishes the snapshot and answers.
	db2 := filepath.Join(dir, "t.duckdb")
	imp := sightlineCmd(t, "import", "--db", db2, "--snapshot")
	if err := imp.Start(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200 && fileSize(t, db2) == 0; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	_, err = startServe(t, db2)
	running := imp.ProcessState == nil
	imp.Process.Signal(syscall.SIGKILL)
	imp.Wait()
	if err == nil {
		t.Fatal("serve started on a store an import holds")
	}
	if running && !strings.Contains(err.Error(), "in use by another Sightline process") {
		t.Errorf("serve on a store in use: %v", err)
	}
	if s, err = startServe(t, db2); err != nil {
		t.Fatal(err)
	}
	s.answers(t, "started after the import holding the store was killed")
	s.kill()
	sameState(t, "after the killed import and the server's start", storeState(t, db2), full)
}

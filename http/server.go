// Package http serves Sightline's public website and JSON API. Handlers stay
// thin: they read the computed indicator table (swapped atomically after each
// import) and render it; they never touch SQL on the request path.
package http

import (
	"compress/gzip"
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/access"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/peers"
	"github.com/sightline-uk/sightline/ssda903/beside"
	"github.com/sightline-uk/sightline/warning"
)

//go:embed assets
var assets embed.FS

// State is everything pages and the API read, computed once from the store.
type State struct {
	Table *indicators.Table
	// Councils with any figure, current first then by name. Old codes whose
	// series continues under a new code (Barnsley E08000016 → E08000038) are
	// left out: listing them would repeat the new code's figures.
	Councils   []*sightline.Council
	Judgements map[string][]sightline.Judgement
	// Own holds, for councils that kept an SSDA903 return or a CIN census,
	// the figures computed from their latest kept year of each beside the
	// published ones: aggregates only, suppressed as DfE does.
	Own map[string][]beside.Row
	// Warnings are the emerging challenges in every current council's
	// latest figures.
	Warnings *warning.Set
	// Risk is each current council's risk of an inadequate judgement at
	// its next inspection, as of the load; nil when it could not be
	// computed.
	Risk *riskState
	// Forecasts are every current council's forecasts from published
	// figures.
	Forecasts *forecastState
	// Peers matches councils to the peers that improved on an indicator.
	Peers    *peers.Matcher
	Datasets []sightline.Dataset
	LoadedAt time.Time
}

// Server is the website and API.
type Server struct {
	Store  sightline.Store
	Reg    *geography.Register
	Logger *slog.Logger
	state  atomic.Pointer[State]
	gen    atomic.Uint64 // bumped by each Reload; keys the response cache
	cache  responseCache
	mux    *http.ServeMux
	pages  *pages
	// SecureCookies marks the session cookie Secure even on plain HTTP, for
	// a server behind a TLS-terminating proxy that does not say so.
	SecureCookies bool
	// Key pseudonymises identifiers typed into pages (a partner's record
	// number) the way kept records were; nil disables those look-ups.
	Key      []byte
	policy   access.Policy
	accounts sightline.Accounts
	auditLog sightline.AuditLog
	throttle throttle
	oidc     *oidcProvider
	csrf     *http.CrossOriginProtection
}

// NewServer builds a server over a store; call Reload before serving.
func NewServer(store sightline.Store, reg *geography.Register, logger *slog.Logger) (*Server, error) {
	if logger == nil {
		logger = slog.Default()
	}
	p, err := newPages()
	if err != nil {
		return nil, err
	}
	s := &Server{Store: store, Reg: reg, Logger: logger, mux: http.NewServeMux(), pages: p, policy: access.DefaultPolicy(), csrf: http.NewCrossOriginProtection()}
	s.accounts, _ = store.(sightline.Accounts)
	s.auditLog, _ = store.(sightline.AuditLog)
	s.routes()
	return s, nil
}

// Reload recomputes the state from the store and swaps it in; requests in
// flight finish on the old state.
func (s *Server) Reload(ctx context.Context) error {
	tab, err := indicators.Load(ctx, s.Store, s.Reg)
	if err != nil {
		return err
	}
	js, err := s.Store.Judgements(ctx)
	if err != nil {
		return err
	}
	ds, err := s.Store.Datasets(ctx)
	if err != nil {
		return err
	}
	st := &State{Table: tab, Judgements: map[string][]sightline.Judgement{}, Own: map[string][]beside.Row{}, Datasets: ds, LoadedAt: time.Now()}
	if err := s.loadOwn(ctx, st); err != nil {
		return err
	}
	for _, j := range js {
		c := s.Reg.Canonical(j.Council)
		st.Judgements[c] = append(st.Judgements[c], j)
	}
	for _, c := range s.Reg.Councils() {
		if s.Reg.Canonical(c.Code) == c.Code && hasData(tab, c.Code) {
			st.Councils = append(st.Councils, c)
		}
	}
	sort.SliceStable(st.Councils, func(i, j int) bool {
		if st.Councils[i].Current != st.Councils[j].Current {
			return st.Councils[i].Current
		}
		return st.Councils[i].Name < st.Councils[j].Name
	})
	st.Warnings = computeWarnings(st)
	st.Risk = s.computeRisk(st)
	st.Peers = peers.NewMatcher(tab, s.Reg, js, peers.Options{})
	st.Forecasts = s.computeForecasts(st)
	s.state.Store(st)
	s.gen.Add(1)
	return nil
}

// keptLister is what a store offers when it keeps councils' returns: the
// councils (DfE LA numbers) that kept each kind.
type keptLister interface {
	KeptLAs903(ctx context.Context) ([]string, error)
	KeptLAsCIN(ctx context.Context) ([]string, error)
}

// loadOwn reads kept returns' indicators (SSDA903 and CIN census) for each
// council's latest year of each, through beside.Own: the one path, with
// disclosure control, that the page, the API, the downloads and the
// command line's export share.
func (s *Server) loadOwn(ctx context.Context, st *State) error {
	k, ok := s.Store.(keptLister)
	if !ok {
		return nil
	}
	las, err := k.KeptLAs903(ctx)
	if err != nil {
		return err
	}
	cin, err := k.KeptLAsCIN(ctx)
	if err != nil {
		return err
	}
	for _, la := range append(las, cin...) {
		c := beside.CouncilForLA(s.Reg, la)
		if c == nil || st.Own[c.Code] != nil {
			continue
		}
		rows, err := beside.Own(ctx, s.Store, st.Table, c)
		if err != nil {
			return err
		}
		st.Own[c.Code] = rows
	}
	return nil
}

func hasData(tab *indicators.Table, code string) bool {
	for _, ind := range indicators.Catalogue() {
		for _, y := range tab.Years(ind.ID) {
			if tab.Compare(ind.ID, code, y) != nil {
				return true
			}
		}
	}
	return false
}

// State returns the current state.
func (s *Server) State() *State { return s.state.Load() }

// ServeHTTP adds security headers and gzip, refuses cross-site form posts,
// finds the visitor's session, and recovers from panics so one bad request
// cannot take the site down. Pages open to everyone are served to the
// public from the response cache; anything else goes through the policy.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			s.Logger.Error("panic", "path", r.URL.Path, "error", v)
			http.Error(w, "Internal server error", http.StatusInternalServerError)
		}
	}()
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
	assets := strings.HasPrefix(r.URL.Path, "/assets/")
	if s.state.Load() == nil && !assets {
		http.Error(w, "Sightline is loading its data; try again in a few seconds.", http.StatusServiceUnavailable)
		return
	}
	if err := s.csrf.Check(r); err != nil {
		http.Error(w, "This form was sent from another site, so Sightline refused it.", http.StatusForbidden)
		return
	}
	if !assets {
		r = s.withSession(r)
	}
	switch {
	case r.Method == http.MethodGet && !assets && r.URL.Path != "/healthz" && !signedIn(userFrom(r)) && s.publicRoute(r):
		s.serveCached(w, r)
	case acceptsGzip(r) && strings.HasSuffix(r.URL.Path, ".css") || acceptsGzip(r) && strings.HasSuffix(r.URL.Path, ".js"):
		gw := gzipPool.Get().(*gzip.Writer)
		gw.Reset(w)
		defer func() { gw.Close(); gzipPool.Put(gw) }()
		h.Set("Content-Encoding", "gzip")
		h.Add("Vary", "Accept-Encoding")
		s.mux.ServeHTTP(&gzipResponse{ResponseWriter: w, w: gw}, r)
	default:
		s.mux.ServeHTTP(w, r)
	}
}

var gzipPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.BestCompression); return w }}

type gzipResponse struct {
	http.ResponseWriter
	w *gzip.Writer
}

// Write compresses the body; WriteHeader drops a Content-Length that would
// describe the uncompressed body.
func (g *gzipResponse) Write(b []byte) (int, error) { return g.w.Write(b) }

func (g *gzipResponse) WriteHeader(code int) {
	g.ResponseWriter.Header().Del("Content-Length")
	g.ResponseWriter.WriteHeader(code)
}

func (s *Server) routes() {
	sub, _ := fs.Sub(assets, "assets")
	files := http.FileServer(http.FS(sub))
	s.handle("GET /assets/", http.StripPrefix("/assets/", cacheFor(files, 24*time.Hour)).ServeHTTP)
	s.handle("GET /healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })

	s.handle("GET /{$}", s.home)
	s.handle("GET /councils", s.councilList)
	s.handle("GET /councils/{code}", s.councilPage)
	s.handle("GET /councils/{code}/data", s.councilDownload)
	s.handle("GET /councils/{code}/support/{indicator}", s.supportPage)
	s.handle("GET /indicators", s.indicatorList)
	s.handle("GET /indicators/{id}", s.indicatorPage)
	s.handle("GET /indicators/{id}/data", s.indicatorDownload)
	s.handle("GET /compare", s.comparePage)
	s.handle("GET /compare/data", s.compareDownload)
	s.handle("GET /emerging", s.emergingPage)
	s.handle("GET /forecast", s.forecastPage)
	s.handle("GET /placements", s.placementsPage)
	s.handle("POST /placements", s.placementsUpload)
	s.handle("GET /link", s.linkPage)
	s.handle("POST /link", s.linkUpload)
	s.handle("GET /search", s.search)
	s.handle("GET /data", s.dataPage)
	s.handle("GET /data/england", s.englandDownload)
	s.handle("GET /data/indicators", s.catalogueDownload)
	s.handle("GET /data/ofsted", s.judgementsDownload)
	s.handle("GET /data/{id}", s.datasetDownload)
	s.handle("GET /api", s.apiPage)
	s.handle("GET /validate", s.validateForm)
	s.handle("POST /validate", s.validateUpload)

	s.handle("GET /api/v1/openapi.json", s.apiOpenAPI)
	s.handle("GET /api/v1/councils", s.apiCouncils)
	s.handle("GET /api/v1/councils/{code}", s.apiCouncil)
	s.handle("GET /api/v1/indicators", s.apiIndicators)
	s.handle("GET /api/v1/indicators/{id}", s.apiIndicator)
	s.handle("GET /api/v1/values", s.apiValues)
	s.handle("GET /api/v1/comparisons", s.apiComparisons)
	s.handle("GET /api/v1/neighbours", s.apiNeighbours)
	s.handle("GET /api/v1/judgements", s.apiJudgements)
	s.handle("GET /api/v1/datasets", s.apiDatasets)
	s.handle("GET /api/v1/warnings", s.apiWarnings)
	s.handle("GET /api/v1/emerging", s.apiEmerging)
	s.handle("GET /api/v1/risk", s.apiRisk)
	s.handle("GET /api/v1/support", s.apiSupport)
	s.handle("GET /api/v1/forecast", s.apiForecast)
	s.handle("POST /api/v1/placements", s.apiPlacements)
	s.handle("GET /api/", func(w http.ResponseWriter, r *http.Request) {
		notFoundJSON(w, "no such API path; see /api/v1/openapi.json")
	})
	s.handle("GET /", s.notFound)

	s.handle("GET /sign-in", s.signInForm)
	s.handle("POST /sign-in", s.signIn)
	s.handle("GET /sign-in/oidc", s.oidcStart)
	s.handle("GET /sign-in/oidc/callback", s.oidcCallback)
	s.handle("POST /sign-out", s.signOut)
	s.handle("GET /account", s.accountPage)
	s.handle("POST /account/password", s.changePassword)
	s.handle("POST /validate/keep", s.validateKeep)
	s.handle("GET /records", s.recordsIndex)
	s.handle("GET /records/pooled/data", s.pooledDownload)
	s.handle("GET /records/{code}", s.recordsPage)
	s.handle("GET /records/{code}/data", s.recordsDownload)
	s.handle("GET /records/{code}/children/{child}", s.childPage)
	s.handle("GET /partner", s.partnerForm)
	s.handle("POST /partner", s.partnerLookup)
	s.handle("GET /admin/audit", s.auditPage)
	s.handle("GET /admin/audit/data", s.auditDownload)
	s.handle("GET /admin/users", s.usersPage)
	s.handle("POST /admin/users", s.addUser)
	s.handle("POST /admin/users/{name}", s.changeUser)
}

func cacheFor(h http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", fmt.Sprintf("public, max-age=%d", int(d.Seconds())))
		h.ServeHTTP(w, r)
	})
}

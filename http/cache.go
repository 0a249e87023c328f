package http

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/sightline-uk/sightline/indicators"
)

// Every page and API response is a pure function of the loaded state and
// the request URL, so responses are rendered once, gzipped once, and served
// from memory until the next reload. A cold URL is rendered by one request
// while concurrent requests for it wait (singleflight).
type responseCache struct {
	mu      sync.RWMutex
	gen     uint64
	entries map[string]*cachedResponse
	bytes   int64
	flight  singleflight.Group
	hits    atomic.Int64
	misses  atomic.Int64
}

// maxCacheBytes bounds memory: when full the cache starts again empty.
const maxCacheBytes = 256 << 20

type cachedResponse struct {
	status int
	header http.Header
	plain  []byte
	gz     []byte
}

func (c *responseCache) get(gen uint64, key string) *cachedResponse {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.gen != gen {
		return nil
	}
	return c.entries[key]
}

func (c *responseCache) put(gen uint64, key string, r *cachedResponse) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.entries == nil || c.bytes > maxCacheBytes {
		c.gen, c.entries, c.bytes = gen, map[string]*cachedResponse{}, 0
	}
	c.entries[key] = r
	c.bytes += int64(len(r.plain) + len(r.gz))
}

// serveCached answers GET requests from the cache, rendering on a miss.
func (s *Server) serveCached(w http.ResponseWriter, r *http.Request) {
	gen := s.gen.Load()
	key := r.URL.RequestURI()
	resp := s.cache.get(gen, key)
	if resp == nil {
		s.cache.misses.Add(1)
		v, _, _ := s.cache.flight.Do(strconv.FormatUint(gen, 10)+" "+key, func() (any, error) {
			return s.render200(gen, r), nil
		})
		resp = v.(*cachedResponse)
	} else {
		s.cache.hits.Add(1)
	}
	h := w.Header()
	for k, v := range resp.header {
		h[k] = v
	}
	h.Add("Vary", "Accept-Encoding")
	if resp.gz != nil && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", strconv.Itoa(len(resp.gz)))
		w.WriteHeader(resp.status)
		w.Write(resp.gz)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(resp.plain)))
	w.WriteHeader(resp.status)
	w.Write(resp.plain)
}

// render200 runs the handler into memory; only complete 200 responses are
// kept, so an error is never cached.
func (s *Server) render200(gen uint64, r *http.Request) *cachedResponse {
	rec := httptest.NewRecorder()
	req := r.Clone(context.WithoutCancel(r.Context()))
	req.Header.Del("Accept-Encoding")
	s.mux.ServeHTTP(rec, req)
	resp := &cachedResponse{status: rec.Code, header: rec.Header().Clone(), plain: rec.Body.Bytes()}
	if len(resp.plain) > 512 {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(resp.plain)
		zw.Close()
		resp.gz = buf.Bytes()
	}
	if rec.Code == http.StatusOK {
		s.cache.put(gen, r.URL.RequestURI(), resp)
	}
	return resp
}

func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		if bytes.Contains([]byte(v), []byte("gzip")) {
			return true
		}
	}
	return false
}

// Warm renders the pages people land on (England, every council, every
// indicator's latest year) into the cache, so the first visitors do not
// wait. It returns how many responses it rendered and how long it took.
func (s *Server) Warm(ctx context.Context) (int, time.Duration) {
	start := time.Now()
	st := s.State()
	if st == nil {
		return 0, 0
	}
	urls := []string{"/", "/councils", "/indicators", "/data", "/api", "/api/v1/councils", "/api/v1/indicators", "/api/v1/openapi.json"}
	for _, c := range st.Councils {
		urls = append(urls, "/councils/"+c.Code)
	}
	for _, ind := range indicators.Catalogue() {
		urls = append(urls, "/indicators/"+ind.ID)
	}
	gen := s.gen.Load()
	n := 0
	for _, u := range urls {
		if ctx.Err() != nil || s.gen.Load() != gen {
			break
		}
		if s.cache.get(gen, u) != nil {
			continue
		}
		req := httptest.NewRequest(http.MethodGet, u, nil).WithContext(ctx)
		s.cache.flight.Do(strconv.FormatUint(gen, 10)+" "+u, func() (any, error) { return s.render200(gen, req), nil })
		n++
	}
	return n, time.Since(start)
}

// CacheStats reports cache hits and misses since start, for the bench.
func (s *Server) CacheStats() (hits, misses int64) { return s.cache.hits.Load(), s.cache.misses.Load() }

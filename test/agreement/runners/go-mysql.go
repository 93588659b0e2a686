// Agreement runner for go-sql-driver/mysql (Debian's golang-github-go-sql-driver-mysql-dev, built
// offline: GOPATH=/usr/share/gocode GO111MODULE=off go build). One case a line, one answer each:
// {"id", "dsn", "config"?: {"name", "ca", "cert", "key", "insecure", "min", "max", "ciphers"}}.
// A config is built the way the driver's documentation shows users (RegisterTLSConfig): the CA
// file read and appended to a pool (a file that gives no certificate is the program's error), the
// client pair loaded with tls.LoadX509KeyPair; then sql.Open, Ping, SELECT 1.
package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/ioutil"
	"os"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

type config struct {
	Name     string   `json:"name"`
	CA       string   `json:"ca"`
	Cert     string   `json:"cert"`
	Key      string   `json:"key"`
	Insecure bool     `json:"insecure"`
	Min      string   `json:"min"`
	Max      string   `json:"max"`
	Ciphers  []string `json:"ciphers"`
}

type testCase struct {
	ID     string  `json:"id"`
	DSN    string  `json:"dsn"`
	Config *config `json:"config"`
}

type answer struct {
	ID    string `json:"id"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

var versions = map[string]uint16{"TLSv1": tls.VersionTLS10, "TLSv1.1": tls.VersionTLS11, "TLSv1.2": tls.VersionTLS12, "TLSv1.3": tls.VersionTLS13}

func tlsConfig(c *config) (*tls.Config, error) {
	cfg := &tls.Config{InsecureSkipVerify: c.Insecure, MinVersion: versions[c.Min], MaxVersion: versions[c.Max]}
	if c.CA != "" {
		pem, err := ioutil.ReadFile(c.CA)
		if err != nil {
			return nil, err
		}
		pool := x509.NewCertPool()
		if ok := pool.AppendCertsFromPEM(pem); !ok {
			return nil, errors.New("failed to append PEM")
		}
		cfg.RootCAs = pool
	}
	if c.Cert != "" {
		pair, err := tls.LoadX509KeyPair(c.Cert, c.Key)
		if err != nil {
			return nil, err
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	for _, name := range c.Ciphers {
		for _, s := range tls.CipherSuites() {
			if s.Name == name {
				cfg.CipherSuites = append(cfg.CipherSuites, s.ID)
			}
		}
	}
	return cfg, nil
}

func run(c testCase) error {
	if c.Config != nil {
		cfg, err := tlsConfig(c.Config)
		if err != nil {
			return err
		}
		if err := mysql.RegisterTLSConfig(c.Config.Name, cfg); err != nil {
			return err
		}
	}
	sep := "?"
	if strings.Contains(c.DSN, "?") {
		sep = "&"
	}
	db, err := sql.Open("mysql", c.DSN+sep+"timeout=5s")
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	var one int
	return db.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

func main() {
	// The driver logs some errors itself ("[mysql] ... packets.go"); they are not answers.
	_ = mysql.SetLogger(nopLogger{})
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		line := strings.TrimSpace(in.Text())
		if line == "" {
			continue
		}
		var c testCase
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			fmt.Fprintln(os.Stderr, err)
			continue
		}
		a := answer{ID: c.ID, OK: true}
		if err := run(c); err != nil {
			a = answer{ID: c.ID, OK: false, Error: err.Error()}
		}
		_ = out.Encode(a)
	}
}

type nopLogger struct{}

func (nopLogger) Print(...interface{}) {}

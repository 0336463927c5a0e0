package ui

import (
	"context"
	"os"
	"path/filepath"
	"time"
)

// supportTimeout bounds writing a support file: the TLS check inside has
// its own, shorter limit.
const supportTimeout = 20 * time.Second

// saveSupportBundle writes a support file into the person's documents
// folder (else their home) and says where. UI thread; the writing runs on
// its own goroutine.
func (c *Controller) saveSupportBundle() {
	c.SignIn.Support.Disable()
	path := filepath.Join(supportDir(), "aalogon-support-"+time.Now().Format("20060102-150405")+".zip")
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), supportTimeout)
		defer cancel()
		err := c.opts.SupportBundle(ctx, path)
		if err != nil {
			c.opts.Log.Warn("support file not saved", "err", err)
			path = ""
		} else {
			c.opts.Log.Info("support file saved", "path", path)
		}
		c.do(func() { c.SignIn.SupportDone(path) })
	}()
}

// supportDir is where support files go: the documents folder when there is
// one, else the home folder, else the working folder.
func supportDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return "."
	}
	for _, d := range []string{"Documents", "Dokumente"} {
		if st, err := os.Stat(filepath.Join(home, d)); err == nil && st.IsDir() {
			return filepath.Join(home, d)
		}
	}
	return home
}

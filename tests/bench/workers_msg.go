// Worker messages with goroutines and channels: like workers_msg.int, each call starts two
// goroutines `a` and `b` joined by two unbuffered channels (a -> b, b -> a); `a` sends i,
// `b` sends 2 * i back, and the caller waits for `a`'s result on a third channel. n calls
// (default 500,000) pass 2n messages.
package main

import (
	"fmt"
	"os"
	"strconv"
)

func pair(i int) int {
	ab := make(chan int)
	ba := make(chan int)
	result := make(chan int, 1)
	go func() {
		ab <- i
		result <- <-ba
	}()
	go func() {
		v := <-ab
		ba <- v * 2
	}()
	return <-result
}

func main() {
	n := 500000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	sum := 0
	for i := 0; i < n; i++ {
		sum += pair(i)
	}
	fmt.Println(2*n, sum)
}

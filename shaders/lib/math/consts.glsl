// use: PI, TAU
#ifndef FNC_CONSTS
#define FNC_CONSTS
#define PI 3.14159265358979
#define TAU 6.28318530717959
#endif

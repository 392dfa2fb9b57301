// Placeholder until the load driver lands.
return 0;

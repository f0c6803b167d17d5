"""Quotes: a buyer asks for prices on lines, the merchant answers, the buyer accepts (an order) or declines."""
